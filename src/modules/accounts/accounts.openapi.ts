// The accounts' part of the OpenAPI document (assembled by src/openapi.ts): sign-in, sign-out, me.
import {
  errors,
  fromZod,
  jsonBody,
  jsonResponse,
  publicAccess,
  schemaRef,
  sessionRead,
  sessionWrite,
  type OpenApiPart,
  type SchemaObject,
} from '../../shared/openapi.js';
import { roles } from './actor.js';
import { signInSchema } from './accounts.schema.js';
import { SESSION_COOKIE } from './session.plugin.js';

const scope = (codeKey: 'uai' | 'code'): SchemaObject => ({
  type: 'object',
  required: ['id', codeKey, 'name'],
  additionalProperties: false,
  properties: { id: { type: 'integer' }, [codeKey]: { type: 'string' }, name: { type: 'string' } },
});

// accounts.presenter.ts presentProfile, plus the session's CSRF token (both routes add it).
const profile: SchemaObject = {
  type: 'object',
  required: ['user', 'roles', 'csrfToken'],
  additionalProperties: false,
  properties: {
    user: {
      type: 'object',
      required: ['id', 'email', 'displayName'],
      additionalProperties: false,
      properties: {
        id: { type: 'integer' },
        email: { type: 'string', format: 'email' },
        displayName: { type: 'string' },
      },
    },
    roles: {
      type: 'array',
      description:
        'Each role with where it applies: an establishment, an academy, a producer, or nationally (none).',
      items: {
        type: 'object',
        required: ['role', 'label'],
        additionalProperties: false,
        properties: {
          role: { type: 'string', enum: [...roles] },
          label: { type: 'string', description: 'French name of the role.' },
          establishment: scope('uai'),
          academy: scope('code'),
          producer: scope('code'),
        },
      },
    },
    csrfToken: {
      type: 'string',
      description: 'Send it as the x-csrf-token header on every write made with this session.',
    },
  },
};

export const accountsOpenApi: OpenApiPart = {
  tag: { name: 'accounts', description: 'Sign in and out; who is signed in.' },
  paths: {
    '/api/session': {
      post: {
        operationId: 'signIn',
        tags: ['accounts'],
        summary: 'Sign in',
        description:
          'JSON only (a cross-site form cannot send it), and the Origin must be this site. Failed attempts are counted per address and per email across app nodes.',
        security: publicAccess,
        requestBody: jsonBody(fromZod(signInSchema)),
        responses: {
          '200': {
            ...jsonResponse(
              'Signed in: the user, roles and the CSRF token of the new session.',
              schemaRef('Profile'),
            ),
            headers: {
              'Set-Cookie': {
                description: `${SESSION_COOKIE}=…; HttpOnly; SameSite=Lax; Path=/ (Secure in production).`,
                schema: { type: 'string' },
              },
            },
          },
          ...errors(400, 401, 403, 429),
        },
      },
      delete: {
        operationId: 'signOut',
        tags: ['accounts'],
        summary: 'Sign out',
        description: 'Ends the session and clears the cookie; without a session it only clears the cookie.',
        security: sessionWrite,
        responses: { '204': { description: 'Signed out.' }, ...errors(403) },
      },
    },
    '/api/me': {
      get: {
        operationId: 'getMe',
        tags: ['accounts'],
        summary: 'The signed-in user, roles and scopes',
        security: sessionRead,
        responses: {
          '200': jsonResponse('The user, roles and the CSRF token of the session.', schemaRef('Profile')),
          ...errors(401),
        },
      },
    },
  },
  schemas: { Profile: profile },
};
