import { describe, expect, it } from 'vitest';
import { decodeCsv, parseEstablishmentsCsv, type CsvContext } from './establishments-csv.js';
import { makeUai } from './uai.js';

const AIX = 1;
const context: CsvContext = {
  academyId: AIX,
  departments: new Map([
    ['13', { academyId: AIX, name: 'Bouches-du-Rhône' }],
    ['84', { academyId: AIX, name: 'Vaucluse' }],
    ['75', { academyId: 2, name: 'Paris' }],
  ]),
  existingUaiAcademies: new Map([[makeUai('13', 9000), 2]]),
};

const header = 'UAI;Nom;Type;Secteur;Élèves;Département;Réseau';

function latin1(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
}

describe('establishments CSV', () => {
  it('reads a Windows-1252 export with accents and French labels', () => {
    const text = `${header}\r\n${makeUai('13', 1)};École élémentaire Les Cigales;école;public;180;13;REP Marseille Nord\r\n${makeUai('84', 2)};Collège Frédéric-Mistral;Collège;privé sous contrat;512;Vaucluse;\r\n`;
    const decoded = decodeCsv(latin1(text));
    expect(decoded.encoding).toBe('windows-1252');
    const { rows, errors } = parseEstablishmentsCsv(decoded.text, context);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        uai: makeUai('13', 1),
        name: 'École élémentaire Les Cigales',
        type: 'ecole',
        sector: 'public',
        pupils: 180,
        departmentCode: '13',
        network: 'REP Marseille Nord',
      },
      {
        line: 3,
        uai: makeUai('84', 2),
        name: 'Collège Frédéric-Mistral',
        type: 'college',
        sector: 'private-contract',
        pupils: 512,
        departmentCode: '84',
        network: null,
      },
    ]);
  });

  it('reads UTF-8 with a BOM and comma separators, quoted names included', () => {
    const text = `\uFEFFuai,nom,type,secteur,eleves,departement,reseau\n${makeUai('13', 3)},"Lycée Thiers, Marseille",LGT,public,1800,13,\n`;
    const decoded = decodeCsv(new TextEncoder().encode(text));
    expect(decoded.encoding).toBe('utf-8');
    const { rows, errors } = parseEstablishmentsCsv(decoded.text, context);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ name: 'Lycée Thiers, Marseille', type: 'lgt', pupils: 1800 });
  });

  it('reports every bad line with its number, in French', () => {
    const good = makeUai('13', 4);
    const text = [
      header,
      `${good};École A;école;public;100;13;`,
      `0130005A;École B;école;public;100;13;`,
      `${good};École A bis;école;public;100;13;`,
      `${makeUai('13', 6)};École C;école;public;-4;13;`,
      `${makeUai('13', 7)};École D;crèche;public;10;13;`,
      `${makeUai('75', 8)};Lycée E;LGT;public;10;75;`,
      `${makeUai('13', 9000)};Collège F;collège;public;10;13;`,
      `${makeUai('13', 10)};École G;école;public;10;99;`,
    ].join('\n');
    const { errors } = parseEstablishmentsCsv(text, context);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(errors[0]!.message).toMatch(
      /^Ligne 3 : UAI « 0130005A » invalide : la lettre de contrôle devrait être/,
    );
    expect(errors[1]!.message).toContain('en double (déjà ligne 2)');
    expect(errors[2]!.message).toContain('nombre d’élèves négatif (-4)');
    expect(errors[3]!.message).toContain('type « crèche » inconnu');
    expect(errors[4]!.message).toContain('n’appartient pas à cette académie');
    expect(errors[5]!.message).toContain('déjà enregistré dans une autre académie');
    expect(errors[6]!.message).toContain('département « 99 » inconnu');
  });

  it('names missing columns', () => {
    const { errors } = parseEstablishmentsCsv('UAI;Nom\n0750655E;X\n', context);
    expect(errors.map((e) => e.message)).toContain('Colonne « type » absente de la ligne d’en-tête.');
  });
});
