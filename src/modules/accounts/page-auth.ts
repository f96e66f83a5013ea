// For pages of every module: a visitor who is not signed in is sent to the sign-in form, and comes
// back to the page afterwards. APIs use requireActor (401) instead.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from './actor.js';

/** The sign-in address that returns to `path` (a local path) afterwards. */
export function signInUrl(path: string): string {
  return `/connexion?${new URLSearchParams({ retour: path }).toString()}`;
}

/**
 * The signed-in actor, or undefined after sending a 303 to the sign-in form; the handler then
 * returns the reply:  const actor = actorOrSignIn(request, reply); if (!actor) return reply;
 */
export function actorOrSignIn(request: FastifyRequest, reply: FastifyReply): Actor | undefined {
  if (request.actor) return request.actor;
  void reply.redirect(signInUrl(request.url), 303);
  return undefined;
}
