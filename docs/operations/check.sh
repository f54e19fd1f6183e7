#!/usr/bin/env bash
# Checks the operations kit: the Prometheus rules, their unit tests, and the Grafana dashboard.
#
#   ./check.sh              (needs promtool and python3: apt-get install -y prometheus python3)
#
# 1. promtool check rules   on llm-cost-rules.yml and llm-cost-alerts.yml
# 2. promtool test rules    on llm-cost-rules.test.yml and llm-cost-alerts.test.yml
# 3. the dashboard: valid JSON, a $datasource variable used by every query, the feature and model
#    variables, PromQL that promtool can parse, and only metric names from metric-names.txt or the
#    recording rules of llm-cost-rules.yml (the rule files' own queries are held to the same list)
#
# 4. the PromQL of the docs: every ```promql block of docs/*.md and README.md (expressions separated
#    by blank lines) must parse, and may only use names from metric-names.txt or the recording rules
#
# 5. freeze-prices.py: the rules file it writes from a scrape parses, and prices the tokens of a
#    model with the frozen price
#
# Exits non-zero on the first failing step. Set PROMTOOL to use another promtool binary.
set -euo pipefail
cd "$(dirname "$0")"

PROMTOOL="${PROMTOOL:-promtool}"
if ! command -v "$PROMTOOL" >/dev/null 2>&1; then
	echo "check.sh: promtool not found (Debian/Ubuntu: apt-get install -y prometheus)" >&2
	exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "check.sh: python3 not found (Debian/Ubuntu: apt-get install -y python3)" >&2
	exit 1
fi
"$PROMTOOL" --version 2>&1 | sed -n 1p

echo "== promtool check rules"
"$PROMTOOL" check rules llm-cost-rules.yml llm-cost-alerts.yml

echo "== promtool test rules"
"$PROMTOOL" test rules llm-cost-rules.test.yml llm-cost-alerts.test.yml

echo "== dashboard"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - llm-cost-dashboard.json metric-names.txt llm-cost-rules.yml llm-cost-alerts.yml "$work/dashboard-exprs.yml" "$work/docs-exprs.yml" <<'PYTHON'
import glob
import json
import re
import sys

dashboard_file, names_file, rules_file, alerts_file, exprs_out, docs_exprs_out = sys.argv[1:7]
errors = []

# Grafana's own variables, and what to put in their place so that promtool can parse the query.
GRAFANA_DURATIONS = {"__rate_interval": "5m", "__interval": "1m", "__range": "1h"}
GRAFANA_NUMBERS = {"__interval_ms": "60000", "__range_s": "3600", "__range_ms": "3600000"}
PROMQL_KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
                   "offset", "bool", "inf", "nan"}


def rule_exprs_and_records(path):
    """The `expr:` values and `record:` names of a rules file (block or inline scalars)."""
    exprs, records = [], []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("#"):
            i += 1
            continue
        record = re.match(r"^\s*-?\s*record:\s*(\S+)\s*$", line)
        if record:
            records.append(record.group(1).strip("'\""))
        expr = re.match(r"^(\s*)-?\s*expr:\s*(.*)$", line)
        if expr:
            indent, value = len(expr.group(1)), expr.group(2).strip()
            if value[:1] in ("|", ">"):
                block = []
                i += 1
                while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
                    block.append(lines[i])
                    i += 1
                exprs.append("\n".join(block))
                continue
            exprs.append(value.strip("'\""))
        i += 1
    return exprs, records


def metric_names(expr):
    """Metric names a PromQL expression selects (function names, labels and keywords left out)."""
    s = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', ' "" ', expr)
    s = re.sub(r"#[^\n]*", " ", s)
    s = re.sub(r"\{[^{}]*\}", " ", s)
    s = re.sub(r"label_values\(\s*([A-Za-z_:][\w:]*)?\s*,\s*[A-Za-z_]\w*\s*\)", r" \1 ", s)
    s = re.sub(r"label_values\(\s*[A-Za-z_]\w*\s*\)", " ", s)
    s = re.sub(r"\[[^\[\]]*\]", " ", s)
    s = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", " ", s)
    s = re.sub(r"\$\{?[A-Za-z_]\w*(?::\w+)?\}?", " ", s)
    names = set()
    for m in re.finditer(r"(?<![\w.:])([A-Za-z_:][\w:]*)(?![\w:])(?!\s*\()", s):
        if m.group(1).lower() not in PROMQL_KEYWORDS:
            names.add(m.group(1))
    return names


def grafana_variables(expr):
    return set(re.findall(r"\$\{?([A-Za-z_]\w*)", expr))


def substitute(expr):
    """The query with Grafana's variables replaced, for promtool."""
    expr = re.sub(r"^\s*label_values\(\s*(.+?)\s*,\s*[A-Za-z_]\w*\s*\)\s*$", r"\1", expr, flags=re.S)
    for name, value in sorted({**GRAFANA_DURATIONS, **GRAFANA_NUMBERS}.items(), key=lambda kv: -len(kv[0])):
        expr = re.sub(r"\$\{?" + name + r"\}?(?!\w)", value, expr)
    return re.sub(r"\$\{?[A-Za-z_]\w*(?::\w+)?\}?", ".*", expr)


# --- allow-list ------------------------------------------------------------------------------
allowed = set()
for line in open(names_file, encoding="utf-8"):
    line = line.strip()
    if line and not line.startswith("#"):
        allowed.add(line.split()[0])
rule_exprs, records = rule_exprs_and_records(rules_file)
alert_exprs, _ = rule_exprs_and_records(alerts_file)
if not records or not rule_exprs or not alert_exprs:
    errors.append("could not read the rule files (no record names or expressions found)")
allowed |= set(records)

# The rule files' own queries may only use allowed names too (promtool cannot catch a misspelt
# metric: the rule would just record nothing).
for path, exprs in ((rules_file, rule_exprs), (alerts_file, alert_exprs)):
    for expr in exprs:
        for name in sorted(metric_names(expr) - allowed):
            errors.append(f"{path}: unknown metric name {name!r} in: {' '.join(expr.split())}")

# --- dashboard -------------------------------------------------------------------------------
try:
    with open(dashboard_file, encoding="utf-8") as f:
        dashboard = json.load(f)
except (OSError, ValueError) as ex:
    print(f"{dashboard_file}: not valid JSON: {ex}", file=sys.stderr)
    sys.exit(1)

if not isinstance(dashboard.get("schemaVersion"), int) or dashboard["schemaVersion"] < 36:
    errors.append("schemaVersion must be a number >= 36")
# The data source is a dashboard variable, so that the file provisions from disk as it is (no
# ${DS_PROMETHEUS} input to fill in) and imports with the data source chosen in the dashboard.
DATASOURCE = "${datasource}"
if "DS_PROMETHEUS" in json.dumps(dashboard):
    errors.append("the dashboard must use the $datasource variable, not a ${DS_PROMETHEUS} input")

variables = {v.get("name"): v for v in dashboard.get("templating", {}).get("list", [])}
datasource = variables.get("datasource", {})
if datasource.get("type") != "datasource" or datasource.get("query") != "prometheus":
    errors.append("templating variable $datasource (type datasource, query prometheus) is missing")
for required in ("feature", "model"):
    if required not in variables:
        errors.append(f"templating variable ${required} is missing")

queries = []  # (where, expr)
for name, variable in variables.items():
    query = variable.get("query")
    query = query.get("query", "") if isinstance(query, dict) else (query or "")
    if variable.get("type") == "query":
        if variable.get("datasource", {}).get("uid") != DATASOURCE:
            errors.append(f"variable ${name}: data source must be {DATASOURCE}")
        queries.append((f"variable ${name}", query))


def all_panels(panels):
    for panel in panels:
        yield panel
        yield from all_panels(panel.get("panels", []))


ids = set()
for panel in all_panels(dashboard.get("panels", [])):
    title = panel.get("title", "?")
    if panel.get("id") in ids:
        errors.append(f"panel {title!r}: duplicate id {panel.get('id')}")
    ids.add(panel.get("id"))
    if "gridPos" not in panel:
        errors.append(f"panel {title!r}: no gridPos")
    if panel.get("type") == "row":
        continue
    if panel.get("datasource", {}).get("uid") != DATASOURCE:
        errors.append(f"panel {title!r}: data source must be {DATASOURCE}")
    targets = panel.get("targets", [])
    if not targets:
        errors.append(f"panel {title!r}: no queries")
    for target in targets:
        expr = target.get("expr", "")
        if not expr.strip():
            errors.append(f"panel {title!r} query {target.get('refId')}: empty expr")
            continue
        if target.get("datasource", {}).get("uid") != DATASOURCE:
            errors.append(f"panel {title!r} query {target.get('refId')}: data source must be {DATASOURCE}")
        queries.append((f"panel {title!r} query {target.get('refId')}", expr))

builtins = set(GRAFANA_DURATIONS) | set(GRAFANA_NUMBERS)
used = set()
for where, expr in queries:
    names = metric_names(expr)
    used |= names
    if not names:
        errors.append(f"{where}: selects no metric: {expr}")
    for name in sorted(names - allowed):
        errors.append(f"{where}: unknown metric name {name!r}")
    for variable in sorted(grafana_variables(expr) - builtins - set(variables)):
        errors.append(f"{where}: undefined variable ${variable}")

with open(exprs_out, "w", encoding="utf-8") as out:
    out.write("groups:\n  - name: dashboard\n    rules:\n")
    for n, (where, expr) in enumerate(queries):
        out.write(f"      - record: dashboard:query_{n}\n        expr: |\n")
        for line in substitute(expr).split("\n"):
            out.write(f"          {line}\n")

# --- PromQL in the docs ----------------------------------------------------------------------
doc_exprs = []  # (where, expr)
for path in sorted(glob.glob("../*.md")) + ["../../README.md"]:
    text = open(path, encoding="utf-8").read()
    for block in re.finditer(r"^```promql[ \t]*\n(.*?)^```", text, re.S | re.M):
        line = text.count("\n", 0, block.start()) + 1
        for chunk in re.split(r"\n\s*\n", block.group(1)):
            code = "\n".join(l for l in chunk.split("\n") if not l.strip().startswith("#"))
            if code.strip():
                doc_exprs.append((f"{path[3:]}:{line}", chunk))
if not doc_exprs:
    errors.append("no ```promql block found in the docs")
for where, expr in doc_exprs:
    for name in sorted(metric_names(expr) - allowed):
        errors.append(f"{where}: unknown metric name {name!r} in: {' '.join(expr.split())}")
with open(docs_exprs_out, "w", encoding="utf-8") as out:
    out.write("groups:\n  - name: docs\n    rules:\n")
    for n, (where, expr) in enumerate(doc_exprs):
        # |2: the indentation is given, since an expression may start with an indented line
        out.write(f"      # {where}\n      - record: docs:query_{n}\n        expr: |2\n")
        for line in expr.split("\n"):
            out.write(f"          {line}\n")

if errors:
    for error in errors:
        print(f"FAILED: {error}", file=sys.stderr)
    sys.exit(1)
print(f"  {len(queries)} queries, {len(used)} metric names, all known "
      f"({len(allowed)} allowed: metric-names.txt and {len(set(records))} recording rule names)")
print(f"  {len(doc_exprs)} PromQL expressions in the docs, their metric names all known")
PYTHON

# Every dashboard query must parse as PromQL (Grafana variables replaced by plain values).
if ! output="$("$PROMTOOL" check rules "$work/dashboard-exprs.yml" 2>&1)"; then
	echo "$output" >&2
	echo "check.sh: a dashboard query is not valid PromQL (dashboard:query_N is the Nth query above)" >&2
	exit 1
fi
echo "  every query parses"

echo "== PromQL in the docs"
if ! output="$("$PROMTOOL" check rules "$work/docs-exprs.yml" 2>&1)"; then
	echo "$output" >&2
	for query in $(echo "$output" | grep -o 'docs:query_[0-9]*' | sort -u); do
		echo "  $query is the block at $(grep -B1 "record: $query\$" "$work/docs-exprs.yml" | head -1 | sed 's/^ *# //')" >&2
	done
	echo "check.sh: a PromQL expression in the docs does not parse" >&2
	exit 1
fi
echo "  every expression parses"

echo "== freeze-prices.py"
cat > "$work/scrape.txt" <<'SCRAPE'
# TYPE llm_price_usd_per_million_tokens gauge
llm_price_usd_per_million_tokens{gen_ai_provider_name="openai",gen_ai_response_model="gpt-4o-mini-2024-07-18",llm_token_type="input"} 0.15
llm_price_usd_per_million_tokens{gen_ai_provider_name="openai",gen_ai_response_model="gpt-4o-mini-2024-07-18",llm_token_type="output"} 0.6
llm_price_usd_per_million_tokens{gen_ai_provider_name="openai",gen_ai_response_model="retired-model",llm_token_type="input"} NaN
SCRAPE
python3 freeze-prices.py --rules llm-cost-rules.yml "$work/scrape.txt" > "$work/frozen.yml"
# 1,000,000 input and 100,000 output tokens a minute, no gauge in Prometheus: the frozen prices
# give (1,000,000 x 0.15 + 100,000 x 0.60) / 1e6 / 60 = 0.0035 USD/s.
cat > "$work/frozen.test.yml" <<'TEST'
rule_files: [frozen.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'llm_tokens_total{feature="summary",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",gen_ai_response_model="gpt-4o-mini-2024-07-18",llm_token_type="input"}'
        values: '0+1000000x10'
      - series: 'llm_tokens_total{feature="summary",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",gen_ai_response_model="gpt-4o-mini-2024-07-18",llm_token_type="output"}'
        values: '0+100000x10'
    promql_expr_test:
      - expr: round(llm:cost_from_tokens_usd:rate5m * 1e9) / 1e9
        eval_time: 10m
        exp_samples:
          - labels: '{feature="summary",gen_ai_request_model="gpt-4o-mini"}'
            value: 0.0035
      - expr: count(llm:price_usd_per_million_tokens:max)
        eval_time: 10m
        exp_samples:
          - labels: '{}'
            value: 2
TEST
"$PROMTOOL" check rules "$work/frozen.yml" >/dev/null
(cd "$work" && "$PROMTOOL" test rules frozen.test.yml) | sed 's/^/  /'
echo "== all checks passed"
