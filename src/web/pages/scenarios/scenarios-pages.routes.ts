// Page routes of usage scenarios: /scenarios (search, public), /scenarios/:id (public), the form to
// write one (/scenarios/nouveau) or edit one's own (/scenarios/:id/modifier), and "Copier et adapter"
// (POST /scenarios/:id/copier, then the copy's edit form). Plain HTML forms, POST then 303.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { requireActor, type Actor } from '../../../modules/accounts/actor.js';
import { parseSearchQuery } from '../../../modules/catalogue/search-query.js';
import { canWriteScenarios, authorizeWriteScenarios } from '../../../modules/scenarios/scenarios.policy.js';
import { scenarioInputSchema, scenarioSearchSchema } from '../../../modules/scenarios/scenarios.schema.js';
import {
  copyScenario,
  createScenario,
  getScenario,
  getScenarioForEdit,
  resourceTitles,
  searchScenarios,
  updateScenario,
  type ScenarioView,
} from '../../../modules/scenarios/scenarios.service.js';
import { AppError, httpStatusByCode } from '../../../shared/errors.js';
import { formOf, formText, sendHtml, successMessage, type Form } from '../../page-kit.js';
import {
  emptyScenarioForm,
  noErrors,
  scenarioFormErrors,
  scenarioFormOf,
  scenarioSubmission,
  withBlankSteps,
  type ResourceMatch,
  type ScenarioFormErrors,
  type ScenarioFormValues,
} from './scenario-form.js';
import { renderScenarioFormPage, renderScenarioPage, renderScenarioSearchPage } from './scenario-pages.js';

const notices: Record<string, string> = {
  enregistre: 'Le scénario est enregistré.',
};

const idOf = (params: { id: string }): number => {
  if (!/^\d{1,9}$/.test(params.id)) throw new AppError('NOT_FOUND', 'Ce scénario n’existe pas.');
  return Number(params.id);
};

function valuesOf(scenario: ScenarioView): ScenarioFormValues {
  return {
    title: scenario.title,
    objectives: scenario.objectives,
    level: scenario.level.code,
    discipline: scenario.discipline.code,
    duration: String(scenario.durationMinutes),
    steps: withBlankSteps(
      scenario.steps.map((step) => ({ resource: String(step.resource.id), instruction: step.instruction })),
    ),
    search: '',
  };
}

export function scenariosPageRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;

  app.get('/scenarios', async (request, reply) => {
    const query = request.query as Form;
    const parsed = scenarioSearchSchema.safeParse({
      q: formText(query, 'q', 1000),
      level: formText(query, 'niveau', 100) || undefined,
      discipline: formText(query, 'discipline', 100) || undefined,
      page: formText(query, 'page', 10) || undefined,
    });
    const canWrite = canWriteScenarios(request.actor);
    if (!parsed.success) {
      const search = scenarioSearchSchema.parse({});
      return sendHtml(
        reply,
        400,
        renderScenarioSearchPage({
          actor: request.actor,
          search,
          result: { items: [], total: 0, page: 1, pageCount: 1 },
          canWrite,
          error: parsed.error.issues[0]?.message ?? 'Recherche mal formée.',
        }),
      );
    }
    const result = await searchScenarios(db, parsed.data);
    return sendHtml(
      reply,
      200,
      renderScenarioSearchPage({ actor: request.actor, search: parsed.data, result, canWrite }),
    );
  });

  app.get('/scenarios/nouveau', async (request, reply) => {
    const actor = requireActor(request);
    authorizeWriteScenarios(actor);
    return sendHtml(
      reply,
      200,
      renderScenarioFormPage({
        actor,
        title: 'Écrire un scénario',
        action: '/scenarios',
        values: emptyScenarioForm(),
        errors: noErrors(),
        titles: new Map(),
      }),
    );
  });

  /**
   * The form posted: "Chercher" and "Ajouter" show it again (with the matches, or the resource in the
   * first empty step); "Enregistrer" validates and saves, or shows it again with each error.
   */
  async function handleForm(
    actor: Actor,
    form: Form,
    reply: FastifyReply,
    page: { title: string; action: string; adaptedFrom?: ScenarioView['adaptedFrom'] },
    save: (input: ReturnType<typeof scenarioInputSchema.parse>) => Promise<number>,
  ) {
    const values = scenarioFormOf(form);
    const again = async (
      status: number,
      errors: ScenarioFormErrors,
      errorTitle?: string,
      matches?: ResourceMatch[],
    ) => {
      const numbers = values.steps.map((step) => Number(step.resource)).filter(Number.isSafeInteger);
      return sendHtml(
        reply,
        status,
        renderScenarioFormPage({
          actor,
          ...page,
          values,
          errors,
          errorTitle,
          matches,
          titles: await resourceTitles(db, numbers),
        }),
      );
    };
    const added = formText(form, 'ajouter', 20);
    if (added) {
      const rows = withBlankSteps(values.steps);
      const free = rows.find((row) => row.resource.trim() === '');
      if (free) free.resource = /^\d{1,9}$/.test(added) ? added : '';
      values.steps = rows.filter((row) => row.resource !== '' || row.instruction !== '');
      return again(200, noErrors());
    }
    if (formText(form, 'action', 20) === 'chercher') {
      if (!values.search.trim()) return again(200, noErrors(), undefined, []);
      const result = await context.search.search(parseSearchQuery({ q: values.search, pageSize: '8' }));
      return again(
        200,
        noErrors(),
        undefined,
        result.items.map((item) => ({ id: item.id, title: item.title })),
      );
    }
    const parsed = scenarioInputSchema.safeParse(scenarioSubmission(values));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }));
      return again(
        400,
        scenarioFormErrors(issues),
        'Le scénario n’est pas enregistré : corrigez les champs signalés.',
      );
    }
    try {
      const id = await save(parsed.data);
      return await reply.redirect(`/scenarios/${id}?ok=enregistre`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      const issues = (error.details as { issues?: { field: string; message: string }[] } | undefined)
        ?.issues ?? [{ field: 'steps', message: error.message }];
      return again(
        httpStatusByCode[error.code],
        scenarioFormErrors(issues.map((issue) => ({ path: issue.field, message: issue.message }))),
        'Le scénario n’est pas enregistré : corrigez les champs signalés.',
      );
    }
  }

  app.post('/scenarios', async (request, reply) => {
    const actor = requireActor(request);
    authorizeWriteScenarios(actor);
    return handleForm(
      actor,
      formOf(request),
      reply,
      { title: 'Écrire un scénario', action: '/scenarios' },
      (input) => createScenario(db, actor, input),
    );
  });

  app.get<{ Params: { id: string } }>('/scenarios/:id', async (request, reply) => {
    const scenario = await getScenario(db, request.actor, idOf(request.params));
    return sendHtml(
      reply,
      200,
      renderScenarioPage({
        actor: request.actor,
        scenario,
        flash: { success: successMessage(request.query, notices) },
      }),
    );
  });

  app.get<{ Params: { id: string } }>('/scenarios/:id/modifier', async (request, reply) => {
    const actor = requireActor(request);
    const scenario = await getScenarioForEdit(db, actor, idOf(request.params));
    return sendHtml(
      reply,
      200,
      renderScenarioFormPage({
        actor,
        title: `Modifier « ${scenario.title} »`,
        action: `/scenarios/${scenario.id}`,
        values: valuesOf(scenario),
        errors: noErrors(),
        titles: new Map(scenario.steps.map((step) => [step.resource.id, step.resource.title])),
        adaptedFrom: scenario.adaptedFrom,
      }),
    );
  });

  app.post<{ Params: { id: string } }>('/scenarios/:id', async (request, reply) => {
    const actor = requireActor(request);
    const scenario = await getScenarioForEdit(db, actor, idOf(request.params));
    return handleForm(
      actor,
      formOf(request),
      reply,
      {
        title: `Modifier « ${scenario.title} »`,
        action: `/scenarios/${scenario.id}`,
        adaptedFrom: scenario.adaptedFrom,
      },
      async (input) => {
        await updateScenario(db, actor, scenario.id, input);
        return scenario.id;
      },
    );
  });

  app.post<{ Params: { id: string } }>('/scenarios/:id/copier', async (request, reply) => {
    const actor = requireActor(request);
    const copy = await copyScenario(db, actor, idOf(request.params));
    return reply.redirect(`/scenarios/${copy}/modifier`, 303);
  });
}
