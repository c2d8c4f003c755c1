// @ts-check
// Shopdesk agent console. The agent's token lives in sessionStorage (never in the URL); every call
// to /api carries it as a Bearer header, which is why the live event stream is read with fetch
// (EventSource cannot send headers). Everything buyers wrote, and every contact field, is put on
// the page with textContent or text nodes, never as HTML.
//
// This entry only wires the views; each lives in modules/ (plain ES modules, served as they are):
//   dom.js format.js        DOM helpers (text only) and how names, languages and times are shown
//   state.js api.js stream.js  who is signed in, the typed /api client, the live event stream
//   signin.js session.js    signing in and out (every page's), the console's session: starting and stopping the rest
//   lists.js conversation.js actions.js canned.js orders.js status.js live.js   one module per view
// Nothing in a module runs when it is imported, so the modules may import each other freely.
import { wireActions } from './modules/actions.js';
import { wireCanned } from './modules/canned.js';
import { wireConversation } from './modules/conversation.js';
import { wireOrders } from './modules/orders.js';
import { wireSession } from './modules/session.js';
import { resumeSession } from './modules/signin.js';
import { wireStatus } from './modules/status.js';

wireSession();
wireActions();
wireCanned();
wireStatus();
wireConversation();
wireOrders();
resumeSession();
