// The national administration's harvest pages (src/modules/harvest): the sources, registering one,
// a source with its run log and "Moissonner maintenant". Plain HTML forms: POST, then a 303 redirect,
// or the form again with each message next to its field. Every route asks the harvest policy through
// its use case: other roles get a 403, signed-out visitors the sign-in page.
//   /admin/moissonnage, /admin/moissonnage/nouvelle (+ POST), /admin/moissonnage/:id,
//   POST /admin/moissonnage/:id/moissonner
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { requireActor } from '../../../modules/accounts/actor.js';
import { sourceIdSchema, sourceKinds, type SourceKind } from '../../../modules/harvest/harvest.schema.js';
import {
  getHarvestSource,
  listHarvestSources,
  registerHarvestSource,
  registrationChoices,
  requestHarvest,
} from '../../../modules/harvest/harvest-sources.service.js';
import type { SourceFormInput } from '../../../modules/harvest/harvest.schema.js';
import { AppError } from '../../../shared/errors.js';
import { formOf, formText, sendHtml, successMessage, type Form } from '../../page-kit.js';
import { formRefusal, type FormRefusal } from '../funding/form-errors.js';
import { HARVEST_HOME } from './harvest-parts.js';
import { renderSourceFormPage, sourceFields } from './source-form-page.js';
import { renderSourcePage } from './source-page.js';
import { renderSourcesPage } from './sources-page.js';

type R = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string> }>;

const messages: Record<string, string> = {
  registered: 'La source est enregistrée.',
  requested: 'Le moissonnage est demandé : il se fait en arrière-plan, suivez-le sur cette page.',
};

/** The form's text fields, as posted. */
const textFields = [
  'kind',
  'name',
  'baseUrl',
  'prefix',
  'set',
  'producer',
  'licence',
  'cost',
  'redirectHosts',
  'scheduleKind',
  'scheduleHours',
  'scheduleTime',
] as const;

function typedValues(form: Form): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of textFields) values[name] = formText(form, name, 2000);
  if (formText(form, 'review') === 'yes') values.review = 'yes';
  return values;
}

function formInput(values: Record<string, string>): SourceFormInput {
  return {
    kind: values.kind ?? '',
    name: values.name ?? '',
    baseUrl: values.baseUrl ?? '',
    prefix: values.prefix ?? '',
    set: values.set ?? '',
    producer: values.producer ?? '',
    licence: values.licence ?? '',
    cost: values.cost ?? '',
    review: values.review === 'yes',
    redirectHosts: values.redirectHosts ?? '',
    scheduleKind: values.scheduleKind ?? '',
    scheduleHours: values.scheduleHours ?? '',
    scheduleTime: values.scheduleTime ?? '',
  };
}

function kindOf(value: string | undefined): SourceKind {
  return (sourceKinds as readonly string[]).includes(value ?? '') ? (value as SourceKind) : sourceKinds[0];
}

function sourceId(request: R): number {
  const parsed = sourceIdSchema.safeParse(request.params.id);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'Cette source de moissonnage n’existe pas.');
  return parsed.data;
}

export function harvestPageRoutes(app: FastifyInstance, context: AppContext): void {
  const db = context.db;

  app.get(HARVEST_HOME, async (request: R, reply) => {
    const actor = requireActor(request);
    const sources = await listHarvestSources(db, actor);
    const success = successMessage(request.query, messages);
    return sendHtml(reply, 200, renderSourcesPage({ actor, sources, flash: success ? { success } : {} }));
  });

  const formPage = async (
    request: R,
    reply: FastifyReply,
    status: number,
    values: Record<string, string>,
    refusal?: FormRefusal,
  ) => {
    const actor = requireActor(request);
    const choices = await registrationChoices(db, actor);
    return sendHtml(
      reply,
      status,
      renderSourceFormPage({ actor, kind: kindOf(values.kind), ...choices, values, refusal }),
    );
  };

  app.get(`${HARVEST_HOME}/nouvelle`, (request: R, reply) =>
    formPage(request, reply, 200, { kind: kindOf(request.query.type) }),
  );

  app.post(`${HARVEST_HOME}/nouvelle`, async (request: R, reply) => {
    const actor = requireActor(request);
    const values = typedValues(formOf(request));
    try {
      const source = await registerHarvestSource(db, actor, formInput(values));
      return await reply.redirect(`${HARVEST_HOME}/${source.id}?ok=registered`, 303);
    } catch (error) {
      // Not allowed is not a form to correct: the error page.
      if (error instanceof AppError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED'))
        throw error;
      const refusal = formRefusal(error, 'source', sourceFields, values, 'baseUrl');
      return formPage(request, reply, refusal.status, values, refusal);
    }
  });

  app.get(`${HARVEST_HOME}/:id`, async (request: R, reply) => {
    const actor = requireActor(request);
    const { source, runs } = await getHarvestSource(db, actor, sourceId(request));
    const success = successMessage(request.query, messages);
    return sendHtml(reply, 200, renderSourcePage({ actor, source, runs, flash: success ? { success } : {} }));
  });

  app.post(`${HARVEST_HOME}/:id/moissonner`, async (request: R, reply) => {
    const actor = requireActor(request);
    const id = sourceId(request);
    await requestHarvest(db, actor, id);
    return reply.redirect(`${HARVEST_HOME}/${id}?ok=requested`, 303);
  });
}
