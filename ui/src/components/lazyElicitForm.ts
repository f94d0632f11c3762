import { lazyComponent } from '../lib/lazyComponent';

/** The form a server asks for (elicitation) is built with the schema-form library, a large script the first screen
 * does without. It loads with the explorer (whose tool forms use the same library), since only a connected server
 * can ask, or else when a server first asks for a form. */
export const ElicitFormDialog = lazyComponent(() => import('./ElicitFormDialog').then((m) => m.ElicitFormDialog));
