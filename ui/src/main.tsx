// The app's stylesheets, one per feature. Their order is the cascade (a later rule wins a tie): keep it. They load
// here, with the first screen, rather than with the lazily loaded routes, which would move them after the rest.
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/lists.css';
import './styles/status.css';
import './styles/cards.css';
import './styles/tabs.css';
import './styles/results.css';
import './styles/schema-form.css';
import './styles/shell.css';
import './styles/setup.css';
import './styles/server-names.css';

// index.html holds the first screen (see there). Compiling the app's script holds the page's thread for about
// 100 ms, and WebKit would paint only after it: so the script loads once a frame is out. A window that is hidden
// gets no frames, hence the timer as well.
let booted = false;
function boot(): void {
  if (booted) return;
  booted = true;
  import('./boot')
    .then((app) => app.start())
    .catch((error: unknown) => console.error('The app could not start:', error));
}
requestAnimationFrame(() => setTimeout(boot, 0));
setTimeout(boot, 100);
