// Test data, one module per entity, each with one create function whose options cover every test:
//   academy.ts        createAcademy (with its department), academyIdOf (reference data)
//   establishment.ts  createEstablishment (real department, given academy, or a fresh one)
//   user.ts           createUser (roles, session or password), createUserPerRole, authHeaders
//   campaign.ts       createCampaign (rows), draftSplitCampaign and publishFor (funding use cases)
//   drawing-right.ts  createDrawingRight (allocated through the ledger), balanceOf
//   offer.ts          validOffers and seatsFor over the seeded catalogue, anyProducerId
//   orders-world.ts   createOrdersWorld: the usual setting of an orders test
//   unique.ts         unique (names), uniqueIp (a client address of its own for sign-in tests)
export * from './academy.js';
export * from './campaign.js';
export * from './drawing-right.js';
export * from './establishment.js';
export * from './offer.js';
export * from './orders-world.js';
export * from './user.js';
export { unique, uniqueIp } from './unique.js';
