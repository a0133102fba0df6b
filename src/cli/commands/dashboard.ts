// `gangway dashboard`: where the running stack serves its dashboard. The URL carries the API
// token once (`?token=`); the page swaps it for an HttpOnly cookie and drops it from the URL.
import { Command } from 'commander';
import { act, type ExitBox } from '../command-kit.ts';
import type { CliContext } from '../context.ts';

export function dashboardURL(server: string, token: string): string {
  const url = new URL('/dashboard/', server);
  url.searchParams.set('token', token);
  return url.toString();
}

export function dashboardCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('dashboard')
    .summary('print the URL of the live dashboard')
    .description(
      'Print the URL of the dashboard the running gangway serves (the ALB -> gateway -> Service -> Pods graph).\n' +
        'The URL carries the API token: open it once, the page keeps it in an HttpOnly cookie.',
    )
    .option('--url', 'print only the URL')
    .action(
      act(ctx, box, async (opts: { url?: boolean }) => {
        const client = await ctx.client();
        const { server, token } = client.connection;
        const url = dashboardURL(server, token);
        if (opts.url) {
          ctx.print.line(url);
          return 0;
        }
        ctx.print.line(`Dashboard: ${url}`);
        ctx.print.line(
          'Open it in a browser (it carries the API token once; the page then keeps it in a cookie).',
        );
        ctx.print.line(
          `The certificate is signed by gangway's own CA: trust ${ctx.home()}/ca.crt, or accept the warning.`,
        );
        ctx.print.line(
          `JSON: GET ${new URL('/api/graph', server).toString()} and ${new URL('/api/events', server).toString()} (SSE) with the bearer token.`,
        );
        return 0;
      }),
    );
}
