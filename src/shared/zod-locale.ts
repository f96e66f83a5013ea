// Every validation message in French: zod's own French locale becomes the default error map of the
// process, for the messages a schema does not spell out itself (a wrong type, an unknown key…).
// Imported for its effect by errors.ts, which every module, app.ts and the CLI load.
import { z } from 'zod';

z.config(z.locales.fr());
