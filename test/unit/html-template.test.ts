// The escaping HTML template of the reports, and the client files report.html inlines.
import { describe, expect, it } from 'vitest';
import { html, joinHtml, raw } from '../../reports/html-template.js';
import { reportCss, reportJs } from '../../reports/html-client.js';
import { htmlTable } from '../../reports/html.js';

describe('html template', () => {
  it('escapes every interpolated value by default, in text and in attributes', () => {
    const name = `<img src=x onerror="alert('x')">&`;
    expect(html`<p title="${name}">${name}</p>`.text).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;</p>',
    );
  });

  it('keeps nested templates and raw() as they are, escapes each array item, drops null and undefined', () => {
    const inner = html`<b>${'a<b'}</b>`;
    expect(html`<div>${inner}${raw('<i>ok</i>')}${null}${undefined}${3}</div>`.text).toBe('<div><b>a&lt;b</b><i>ok</i>3</div>');
    expect(html`<ul>${['<1>', html`<li>2</li>`]}</ul>`.text).toBe('<ul>&lt;1&gt;<li>2</li></ul>');
    expect(joinHtml([html`<a>`, '<b>'], '\n').text).toBe('<a>\n&lt;b&gt;');
  });

  it('a table escapes its cells and headers', () => {
    expect(htmlTable(['<h>', 'n'], [['x&y', '1']]).text).toBe(
      '<table><thead><tr><th class="l">&lt;h&gt;</th><th>n</th></tr></thead><tbody>\n<tr><td class="l">x&amp;y</td><td>1</td></tr>\n</tbody></table>',
    );
  });
});

describe('report client files', () => {
  it('are read from reports/client and cannot close the element they are inlined in', () => {
    const js = reportJs().text;
    const css = reportCss().text;
    expect(js).toContain('// @ts-check');
    expect(js).toContain("json('trials-data')");
    expect(css).toContain('#trial-table');
    expect(js.toLowerCase()).not.toContain('</script');
    expect(css.toLowerCase()).not.toContain('</style');
  });
});
