import type { RouteModule } from '../../kernel/http/app.ts';
import { agentTypingRoutes } from './agent-typing.routes.ts';
import { siteRoutes } from './sites.routes.ts';
import { widgetRoutes } from './widget.routes.ts';

/** Web chat's HTTP surface: sites (admin), the widget's public API, the agent's typing signal. */
export const webchatRoutes: RouteModule = (app, deps) => {
  siteRoutes(app, deps);
  widgetRoutes(app, deps);
  agentTypingRoutes(app, deps);
};
