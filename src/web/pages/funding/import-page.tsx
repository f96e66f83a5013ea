// An academy's establishments import: a CSV file (UTF-8 or Latin-1), all or nothing, with the
// errors of each line.
import type { Actor } from '../../../modules/accounts/actor.js';
import { CsrfField, type Flash } from '../../page-kit.js';
import type { CsvLineError } from '../../../modules/funding/establishments-csv.js';
import { renderPage } from '../../layout.js';
import { Shell, Table } from './funding-parts.js';

export function renderImportPage(input: {
  actor: Actor;
  academy: { id: number; name: string };
  flash?: Flash;
  errors?: CsvLineError[];
}): string {
  return renderPage({
    actor: input.actor,
    title: `Établissements de l’académie ${input.academy.name}`,
    children: (
      <Shell
        title={`Importer les établissements de l’académie ${input.academy.name}`}
        crumbs={[{ label: `Établissements de l’académie ${input.academy.name}` }]}
        flash={input.flash ?? {}}
      >
        <p>
          Fichier CSV avec une ligne d’en-tête et les colonnes UAI, nom, type (école, collège, LGT, LP, LPO,
          EREA), secteur (public ou privé sous contrat), élèves, département et réseau. Séparateur
          point-virgule ou virgule ; encodage UTF-8 ou Latin-1 (export des outils de gestion). Si une ligne
          est fausse, aucune n’est enregistrée : corrigez et envoyez à nouveau le fichier.
        </p>
        {input.errors && input.errors.length > 0 && (
          <Table
            caption="Erreurs ligne par ligne"
            head={['Ligne', 'Erreur']}
            rows={input.errors.map((e) => [String(e.line), e.message])}
          />
        )}
        <form
          method="post"
          action={`/financement/academies/${input.academy.id}/etablissements`}
          enctype="multipart/form-data"
          class="ccr-narrow"
        >
          <CsrfField token={input.actor?.csrfToken} />
          <div class="fr-upload-group fr-mb-3w">
            <label class="fr-label" for="file">
              Fichier CSV
              <span class="fr-hint-text">Taille maximale : 10 Mo.</span>
            </label>
            <input class="fr-upload" type="file" id="file" name="file" accept=".csv,text/csv" />
          </div>
          <div class="fr-input-group">
            <label class="fr-label" for="text">
              Ou collez le contenu du fichier
            </label>
            <textarea class="fr-input" id="text" name="text" rows={6}></textarea>
          </div>
          <button class="fr-btn" type="submit">
            Importer
          </button>
        </form>
      </Shell>
    ),
  });
}

// ---- Academy plan ----
