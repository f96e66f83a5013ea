// Static assets: the DSFR from node_modules and our own stylesheet, under versioned paths so they can be
// cached for a year (schools have slow networks: a repeat visit downloads only the HTML).
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const dsfrPackage = require('@gouvfr/dsfr/package.json') as { version: string };
const dsfrDist = path.join(path.dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist');
const appAssets = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');

export const DSFR_BASE = `/static/dsfr/${dsfrPackage.version}`;
/**
 * The DSFR icon classes live in utility/icons, one stylesheet per family; the whole set is 28 KB
 * compressed, so only the families of the icons we use are linked (fr-icon-account-circle-line: user;
 * lock-line, add-line, menu and close: system; notification-3-line: media). Add a family here when a
 * page uses an icon from another one, or it shows as a solid square.
 */
export const DSFR_ICON_STYLESHEETS = ['system', 'user', 'media'].map(
  (family) => `${DSFR_BASE}/utility/icons/icons-${family}/icons-${family}.min.css`,
);
/** Bump when a file in src/web/static changes, so browsers fetch the new one. */
export const APP_ASSETS_VERSION = '2';
export const APP_ASSETS_BASE = `/static/app/${APP_ASSETS_VERSION}`;

const yearLong = { maxAge: '365d', immutable: true, cacheControl: true };

export async function registerStaticAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: dsfrDist, prefix: `${DSFR_BASE}/`, ...yearLong });
  await app.register(fastifyStatic, {
    root: appAssets,
    prefix: `${APP_ASSETS_BASE}/`,
    decorateReply: false,
    ...yearLong,
  });
}
