#!/usr/bin/env python3
"""Writes llm-cost-rules.yml with the prices frozen, for teams who keep their price table in Git.

    python3 docs/operations/freeze-prices.py http://localhost:8080/actuator/prometheus > llm-cost-rules.frozen.yml

The shipped rules read the prices from the starter's gauges (llm_price_usd_per_million_tokens), so
that the cost recomputed in PromQL can never drift from what the starter charged. This script reads
those gauges once, from one or more scrapes (URLs, files, or - for standard input; several
instances are merged, the highest price kept), and writes a copy of llm-cost-rules.yml in which
the rule llm:price_usd_per_million_tokens:max is replaced by one constant rule per provider, model
and token bucket. Load that copy instead of llm-cost-rules.yml (never both: the two would record
the same series).

The gauges hold the prices of the catalog the application prices with (the built-in catalog, your
llm.cost.pricing.* prices and aliases, and your external sources), for every model it has priced a
call of since it started: call each model once before freezing, and freeze again when a new model
is in use (the LlmNewModelInUse alert says when).

    --rules PATH   the rules file to copy (default: llm-cost-rules.yml next to this script)
"""
import argparse
import datetime
import math
import os
import re
import sys
import urllib.request

GAUGE = re.compile(r'^llm_price_([a-z]+)_per_million_tokens\{([^}]*)\}\s+(\S+)')
LABEL = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"')
KEYS = ("gen_ai_provider_name", "gen_ai_response_model", "llm_token_type")
RULE = "llm:price_usd_per_million_tokens:max"


def read(source):
    if source == "-":
        return sys.stdin.read()
    if re.match(r"^https?://", source):
        with urllib.request.urlopen(source, timeout=30) as response:
            return response.read().decode("utf-8")
    with open(source, encoding="utf-8") as f:
        return f.read()


def prices(texts):
    found = {}
    for text in texts:
        for line in text.splitlines():
            match = GAUGE.match(line)
            if not match:
                continue
            currency, labels, value = match.group(1), dict(LABEL.findall(match.group(2))), match.group(3)
            if currency != "usd":
                sys.exit(f"freeze-prices: the gauges are in {currency.upper()}; the rules are in USD "
                         "(see Currency in docs/operations.md)")
            try:
                price = float(value)
            except ValueError:
                continue
            if math.isnan(price) or price < 0 or any(k not in labels for k in KEYS):
                continue  # NaN: the catalog no longer prices the model
            key = tuple(labels[k] for k in KEYS)
            found[key] = max(price, found.get(key, price))
    return found


def quoted(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def frozen_rules(found, sources):
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    models = len({key[:2] for key in found})
    lines = [f"      # Frozen by freeze-prices.py on {today} from {', '.join(sources)}: {models} model(s).",
             "      # USD per million tokens. Freeze again when a new model is in use."]
    for provider, model, bucket in sorted(found):
        lines += [f"      - record: {RULE}",
                  f"        expr: vector({found[(provider, model, bucket)]!r})",
                  "        labels:",
                  f"          gen_ai_provider_name: {quoted(provider)}",
                  f"          gen_ai_response_model: {quoted(model)}",
                  f"          llm_token_type: {quoted(bucket)}"]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description="Freeze the starter's price gauges into llm-cost-rules.yml")
    parser.add_argument("scrapes", nargs="+", help="/actuator/prometheus URLs, files, or - for stdin")
    parser.add_argument("--rules", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                        "llm-cost-rules.yml"))
    args = parser.parse_args()
    found = prices(read(source) for source in args.scrapes)
    if not found:
        sys.exit("freeze-prices: no llm_price_usd_per_million_tokens gauge in the scrape: call each model "
                 "once (the gauges appear with a model's first priced call) and check the URL")
    rules = open(args.rules, encoding="utf-8").read()
    # The rule and its expression block, up to the blank line that ends it.
    rule = re.compile(r"^      - record: " + re.escape(RULE) + r"\n(?:        .*\n)+", re.M)
    if len(rule.findall(rules)) != 1:
        sys.exit(f"freeze-prices: {args.rules} has no single rule {RULE} to replace")
    sys.stdout.write(rule.sub(lambda m: frozen_rules(found, args.scrapes), rules))


if __name__ == "__main__":
    main()
