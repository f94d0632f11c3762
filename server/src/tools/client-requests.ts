// The tools that ask something of the client: a form and a URL to visit (elicitation), a reply to write (sampling),
// and the folders it shares (roots).
import type { ToolContext } from './context';
import { registerListRoots } from './list-roots';
import { registerOrderCoffee } from './order-coffee';
import { registerVisitPage } from './visit-page';
import { registerWriteHaiku } from './write-haiku';

export function registerClientRequestTools(context: ToolContext): void {
  registerOrderCoffee(context);
  registerVisitPage(context);
  registerWriteHaiku(context);
  registerListRoots(context);
}
