/// The Mustache template of report.html.
///
/// Kept in the source rather than as a bundle resource, so the `barrage` binary needs no files beside it.
/// Only the charts are inserted unescaped (`{{{svg}}}`); they are built with every text escaped.
enum HTMLTemplate {
    static let text = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Barrage">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>{{title}}</title>
        <style>
        :root { --ink: #1d2330; --muted: #5b6475; --line: #dde1e8; --soft: #f4f6f9; --good: #2e7d32; --bad: #c62828; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1120px; margin: 0 auto; padding: 28px 24px 48px; }
        header { border-bottom: 1px solid var(--line); padding-bottom: 16px; margin-bottom: 8px; }
        h1 { font-size: 24px; margin: 0 0 6px; }
        h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 14px; margin: 18px 0 2px; }
        .meta { color: var(--muted); margin: 0; }
        .badge { display: inline-block; padding: 2px 10px; border-radius: 12px; font-size: 13px; font-weight: 600;
          vertical-align: middle; margin-left: 8px; color: #fff; }
        .badge.good { background: var(--good); }
        .badge.bad { background: var(--bad); }
        .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(118px, 1fr)); gap: 10px; margin: 16px 0 0; }
        .figure { background: var(--soft); border-radius: 6px; padding: 10px 12px; }
        .figure .label { color: var(--muted); font-size: 12px; }
        .figure .value { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
        .figure.emphasis .value { color: var(--bad); }
        .warnings { border-left: 4px solid #e6a700; background: #fff8e1; padding: 8px 14px; margin: 16px 0 0; }
        .warnings ul { margin: 4px 0; padding-left: 18px; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
        th { font-size: 12px; color: var(--muted); font-weight: 600; background: var(--soft); }
        th.text { text-align: left; }
        td.text { text-align: left; white-space: normal; overflow-wrap: anywhere; min-width: 6em; }
        tr.failed td.failures { color: var(--bad); font-weight: 600; }
        .scroll { overflow-x: auto; }
        .note { color: var(--muted); font-size: 12px; margin: 0 0 4px; }
        .chart-block { break-inside: avoid; page-break-inside: avoid; margin-bottom: 14px; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg.chart text { font: 11px system-ui, sans-serif; fill: #4a5160; }
        svg.chart text.legend { fill: var(--ink); }
        svg.chart text.unit { font-style: italic; }
        svg.chart line.grid { stroke: #e8ebf0; }
        svg.chart line.axis { stroke: #9aa1ad; }
        svg.chart line.legend-swatch { stroke-width: 3; }
        svg.chart polyline.series { fill: none; stroke-width: 1.6; stroke-linejoin: round; }
        svg.chart rect.bar { opacity: 0.9; }
        dl.env { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 16px; }
        dl.env dt { color: var(--muted); }
        dl.env dd { margin: 0; word-break: break-word; }
        code { font: 12px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
        footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
        @media print {
          main { max-width: none; padding: 0; }
          h2 { break-after: avoid; page-break-after: avoid; }
          .scroll { overflow: visible; }
          th, td { padding: 3px 5px; font-size: 11px; }
        }
        @page { margin: 14mm; }
        </style>
        </head>
        <body>
        <main>
        <header>
        <h1>{{name}} <span class="badge {{statusClass}}">{{status}} · {{verdict}}</span></h1>
        <p class="meta">Started {{startedAt}} · run <code>{{runID}}</code></p>
        <div class="figures">
        {{#figures}}
        <div class="figure{{#emphasis}} emphasis{{/emphasis}}"><div class="label">{{label}}</div><div class="value">{{value}}</div></div>
        {{/figures}}
        </div>
        {{#hasWarnings}}
        <div class="warnings"><strong>The generator cannot vouch for every number:</strong>
        <ul>{{#warnings}}<li>{{.}}</li>{{/warnings}}</ul></div>
        {{/hasWarnings}}
        </header>

        {{#hasThresholds}}
        <section id="thresholds">
        <h2>Thresholds</h2>
        <div class="scroll"><table>
        <thead><tr><th class="text">Verdict</th><th class="text">Threshold</th><th class="text">Scope</th>
        <th>Observed</th><th class="text">Notes</th></tr></thead>
        <tbody>
        {{#thresholds}}
        <tr{{#failed}} class="failed"{{/failed}}><td class="text">{{status}}</td><td class="text"><code>{{threshold}}</code></td>
        <td class="text">{{scope}}</td><td>{{observed}}</td><td class="text">{{note}}</td></tr>
        {{/thresholds}}
        </tbody></table></div>
        {{#hasAlertErrors}}
        <div class="warnings"><strong>Alerts that could not be delivered (the verdict is not affected):</strong>
        <ul>{{#alertErrors}}<li>{{.}}</li>{{/alertErrors}}</ul></div>
        {{/hasAlertErrors}}
        </section>
        {{/hasThresholds}}

        {{#testType}}
        <section id="test-type">
        <h2>{{title}}</h2>
        <p class="note">{{note}}</p>
        <div class="figures">
        {{#figures}}
        <div class="figure{{#emphasis}} emphasis{{/emphasis}}"><div class="label">{{label}}</div><div class="value">{{value}}</div></div>
        {{/figures}}
        </div>
        <div class="scroll"><table>
        <thead><tr>{{#header}}<th>{{.}}</th>{{/header}}</tr></thead>
        <tbody>
        {{#rows}}
        <tr{{#failed}} class="failed"{{/failed}}>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
        {{/rows}}
        </tbody></table></div>
        </section>
        {{/testType}}

        {{#hasEndurance}}
        <section id="endurance">
        <h2>Endurance <span class="badge {{enduranceClass}}">{{enduranceVerdict}}</span></h2>
        <p class="note">{{enduranceWindow}}</p>
        <div class="scroll"><table>
        <thead><tr><th class="text">Verdict</th><th class="text">Signal</th><th class="text">Scope</th><th>Start</th>
        <th>End</th><th>Slope/h</th><th>95% CI</th><th>Change/h</th><th>Limit</th><th class="text">Why</th></tr></thead>
        <tbody>
        {{#enduranceRows}}
        <tr{{#flagged}} class="failed"{{/flagged}}><td class="text failures">{{verdict}}</td><td class="text"><code>{{name}}</code></td>
        <td class="text">{{scope}}</td><td>{{start}}</td><td>{{end}}</td><td>{{slope}}</td><td>{{interval}}</td>
        <td>{{change}}</td><td>{{limit}}</td><td class="text">{{reason}}</td></tr>
        {{/enduranceRows}}
        </tbody></table></div>
        {{#hasEnduranceWarnings}}
        <div class="warnings"><ul>{{#enduranceWarnings}}<li>{{.}}</li>{{/enduranceWarnings}}</ul></div>
        {{/hasEnduranceWarnings}}
        {{#enduranceCharts}}
        <div class="chart-block"><h3>{{title}}</h3><p class="note">{{note}}</p>{{{svg}}}</div>
        {{/enduranceCharts}}
        </section>
        {{/hasEndurance}}

        <section id="steps">
        <h2>Steps</h2>
        <p class="note">Latency in milliseconds, exact from each step's HDR histogram over the whole run.</p>
        <div class="scroll"><table>
        <thead><tr><th class="text">Scenario</th><th class="text">Step</th><th class="text">Protocol</th><th>Samples</th>
        <th>Failed</th><th>Error rate</th><th>Rate/s</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>p99.9</th>
        <th>Max</th><th>Mean</th><th>Sent</th><th>Received</th></tr></thead>
        <tbody>
        {{#steps}}
        <tr{{#failed}} class="failed"{{/failed}}><td class="text">{{scenario}}</td><td class="text">{{name}}</td>
        <td class="text">{{protocolName}}</td><td>{{count}}</td><td class="failures">{{failures}}</td><td>{{errorRate}}</td>
        <td>{{rate}}</td><td>{{p50}}</td><td>{{p90}}</td><td>{{p95}}</td><td>{{p99}}</td><td>{{p999}}</td><td>{{max}}</td>
        <td>{{mean}}</td><td>{{sent}}</td><td>{{received}}</td></tr>
        {{/steps}}
        </tbody></table></div>
        </section>

        <section id="scenarios">
        <h2>Scenarios</h2>
        <div class="scroll"><table>
        <thead><tr><th class="text">Scenario</th><th class="text">Load model</th><th>Iterations</th><th>Failed</th>
        <th>Dropped</th><th>Peak VUs</th><th>Iteration p50 ms</th><th>p95 ms</th><th>p99 ms</th></tr></thead>
        <tbody>
        {{#scenarios}}
        <tr><td class="text">{{name}}</td><td class="text">{{loadModel}}</td><td>{{iterations}}</td>
        <td>{{failedIterations}}</td><td>{{droppedIterations}}</td><td>{{peakVUs}}</td><td>{{p50}}</td><td>{{p95}}</td>
        <td>{{p99}}</td></tr>
        {{/scenarios}}
        </tbody></table></div>
        </section>

        <section id="throughput">
        <h2>Throughput and users</h2>
        {{#throughputCharts}}
        <div class="chart-block"><h3>{{title}}</h3><p class="note">{{note}}</p>{{{svg}}}</div>
        {{/throughputCharts}}
        </section>

        <section id="latency">
        <h2>Latency</h2>
        {{#latencyCharts}}
        <div class="chart-block"><h3>{{title}}</h3><p class="note">{{note}}</p>{{{svg}}}</div>
        {{/latencyCharts}}
        </section>

        <section id="errors">
        <h2>Errors</h2>
        {{#noErrors}}<p>No sample failed.</p>{{/noErrors}}
        {{#errorCharts}}
        <div class="chart-block"><h3>{{title}}</h3><p class="note">{{note}}</p>{{{svg}}}</div>
        {{/errorCharts}}
        </section>

        {{#hasPhases}}
        <section id="phases">
        <h2>Phases</h2>
        {{#phaseCharts}}
        <div class="chart-block"><p class="note">{{note}}</p>{{{svg}}}</div>
        {{/phaseCharts}}
        </section>
        {{/hasPhases}}

        {{#hasMonitors}}
        <section id="monitors">
        <h2>Monitors</h2>
        {{#monitorCharts}}
        <div class="chart-block"><h3>{{title}}</h3><p class="note">{{note}}</p>{{{svg}}}</div>
        {{/monitorCharts}}
        </section>
        {{/hasMonitors}}

        <section id="generator">
        <h2>Generator</h2>
        <div class="figures">
        {{#generator}}
        <div class="figure"><div class="label">{{label}}</div><div class="value">{{value}}</div></div>
        {{/generator}}
        </div>
        {{#resourceCharts}}
        <div class="chart-block"><h3>{{title}}</h3><p class="note">{{note}}</p>{{{svg}}}</div>
        {{/resourceCharts}}
        </section>

        <section id="environment">
        <h2>Environment</h2>
        {{#environments}}
        <dl class="env">
        <dt>Host</dt><dd>{{hostname}} (segment {{segment}})</dd>
        <dt>System</dt><dd>{{os}}, kernel {{kernel}}</dd>
        <dt>CPU</dt><dd>{{cpu}}, {{workers}} worker(s)</dd>
        <dt>Barrage</dt><dd>{{version}}</dd>
        <dt>Command</dt><dd><code>{{commandLine}}</code></dd>
        </dl>
        {{/environments}}
        </section>

        <footer>Generated by Barrage from result.json (schema version {{schemaVersion}}).</footer>
        </main>
        </body>
        </html>

        """#
}
