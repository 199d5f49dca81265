/* reports/src/report_json.c — the rtshm-report/1 JSON document (schema: reports/README.md).
 *
 * Built as a cJSON tree and written with trace_canonical_json (sorted keys, integers as integers), one
 * line and a newline: the same trace gives the same bytes. Strings from the trace are UTF-8-cleaned
 * first (report__utf8_clean) so the document is always valid JSON. The seed is a decimal string: it is
 * an unsigned 64-bit number, which a JSON number does not carry exactly past 2^53. The "explore" key (an
 * exploration of the trace, `rtshm explore --db`) is there only when the trace holds one; a trace of
 * explorations alone has null "run", "totals" and "coverage" and empty lists. */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* Two texts of the trace equal (both NULL counts as equal). */
static bool same_text(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}
#include "traces/canon.h"

typedef struct builder {
    bool oom;
} builder;

/* s as a JSON string (cleaned), or null. */
static cJSON *str(builder *b, const char *s) {
    if (s == NULL) return cJSON_CreateNull();
    char *clean = report__utf8_clean(s);
    if (clean == NULL) {
        b->oom = true;
        return cJSON_CreateNull();
    }
    cJSON *j = cJSON_CreateString(clean);
    free(clean);
    return j;
}

/* The JSON text s (UTF-8-cleaned) parsed, or NULL when it is no JSON. */
static cJSON *parse_clean(builder *b, const char *s) {
    if (s == NULL) return NULL;
    char *clean = report__utf8_clean(s);
    if (clean == NULL) {
        b->oom = true;
        return NULL;
    }
    cJSON *j = cJSON_Parse(clean);
    free(clean);
    return j;
}

static void add(builder *b, cJSON *obj, const char *key, cJSON *item) {
    if (item == NULL || !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        b->oom = true;
    }
}

static void add_str(builder *b, cJSON *obj, const char *key, const char *s) {
    add(b, obj, key, str(b, s));
}

static void add_int(builder *b, cJSON *obj, const char *key, int64_t n) {
    add(b, obj, key, cJSON_CreateNumber((double)n));
}

static void push(builder *b, cJSON *arr, cJSON *item) {
    if (item == NULL || !cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        b->oom = true;
    }
}

static cJSON *run_object(builder *b, const report__run *r) {
    cJSON *o = cJSON_CreateObject();
    if (o == NULL) return NULL;
    add_int(b, o, "id", r->id);
    add_str(b, o, "implementation", r->implementation);
    add_str(b, o, "tool_version", r->tool_version);
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)r->seed);
    add_str(b, o, "seed", seed);
    add_str(b, o, "started_at", r->started_at);
    add_str(b, o, "state", r->state);
    cJSON *argv = parse_clean(b, r->argv);
    if (cJSON_IsArray(argv)) add(b, o, "argv", argv);
    else {
        cJSON_Delete(argv);
        add_str(b, o, "argv", r->argv);
    }
    return o;
}

static cJSON *totals_object(builder *b, const report__totals *t, const report__data *d) {
    cJSON *o = cJSON_CreateObject();
    if (o == NULL) return NULL;
    add_int(b, o, "scenarios", t->scenarios);
    if (d) { /* the reported run's: how many failed, how many were selected and not run */
        add_int(b, o, "scenarios_failed", d->scenarios_failed);
        add_int(b, o, "not_run", d->not_run);
    }
    for (int v = 0; v < REPORT__VERDICT_COUNT; v++) add_int(b, o, report__verdict_names[v], t->verdicts[v]);
    add_int(b, o, "other", t->other);
    add_int(b, o, "steps", t->steps);
    add_int(b, o, "findings", t->findings);
    return o;
}

static cJSON *failure_object(builder *b, const report__data *d, const report__failure *f) {
    const report__scenario *sc = &d->scenarios[f->scenario];
    cJSON *o = cJSON_CreateObject();
    if (o == NULL) return NULL;
    add_str(b, o, "scenario", sc->id);
    add_str(b, o, "path", sc->path);
    add_str(b, o, "scenario_verdict", sc->verdict);
    add(b, o, "change", report__change_name(sc->change) ? cJSON_CreateString(report__change_name(sc->change))
                                                        : cJSON_CreateNull());
    report__buf text = {0};
    report__failure_text(&text, d, f);
    add_str(b, o, "text", report__buf_str(&text));
    b->oom |= text.failed;
    report__buf_free(&text);
    if (!f->has_step) {
        const char *keys[] = {"seq", "step", "process", "api", "function", "args", "expected", "actual",
                              "verdict", "clause", "level", "detail"};
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) add(b, o, keys[i], cJSON_CreateNull());
        return o;
    }
    add_int(b, o, "seq", f->seq);
    add_int(b, o, "step", f->step);
    add_str(b, o, "process", f->process);
    add_str(b, o, "api", f->api);
    add_str(b, o, "function", f->function);
    cJSON *args = parse_clean(b, f->args);
    add(b, o, "args", args ? args : str(b, f->args));
    cJSON *expected = parse_clean(b, f->expected);
    add(b, o, "expected", expected ? expected : str(b, f->expected));
    cJSON *actual = cJSON_CreateObject();
    if (actual) {
        add_str(b, actual, "return", f->ret);
        add_str(b, actual, "status", f->status);
        add_str(b, actual, "last_error", f->last_error);
    }
    add(b, o, "actual", actual);
    add_str(b, o, "verdict", f->verdict);
    add_str(b, o, "clause", f->clause);
    const spec_clause *c = f->clause ? spec_clause_find(f->clause) : NULL;
    add(b, o, "level", c ? cJSON_CreateString(spec_level_name(c->level)) : cJSON_CreateNull());
    add_str(b, o, "detail", f->detail);
    return o;
}

static cJSON *coverage_object(builder *b, const report__coverage *c) {
    cJSON *o = cJSON_CreateObject();
    if (o == NULL) return NULL;
    add_int(b, o, "clauses", c->clauses);
    add_int(b, o, "clauses_covered", c->clauses_covered);
    add_int(b, o, "strict_uncovered", c->strict_uncovered);
    add_int(b, o, "documented_statuses", c->statuses);
    add_int(b, o, "documented_statuses_produced", c->statuses_produced);
    cJSON *by_api = cJSON_CreateArray();
    for (int i = 0; by_api && i < c->api_count; i++) {
        const report__api_coverage *a = &c->apis[i];
        cJSON *e = cJSON_CreateObject();
        if (e == NULL) {
            b->oom = true;
            break;
        }
        add_str(b, e, "api", a->api);
        add_int(b, e, "clauses", a->clauses);
        add_int(b, e, "clauses_covered", a->clauses_covered);
        add_int(b, e, "strict_uncovered", a->strict_uncovered);
        add_int(b, e, "documented_statuses", a->statuses);
        add_int(b, e, "documented_statuses_produced", a->statuses_produced);
        push(b, by_api, e);
    }
    add(b, o, "by_api", by_api);
    cJSON *uncovered = cJSON_CreateArray();
    for (int i = 0; uncovered && i < c->uncovered_count; i++) push(b, uncovered, cJSON_CreateString(c->uncovered[i]));
    add(b, o, "uncovered", uncovered);
    return o;
}

static cJSON *baseline_object(builder *b, const report__data *d) {
    const report__baseline *bl = &d->baseline;
    cJSON *o = cJSON_CreateObject();
    if (o == NULL) return NULL;
    add(b, o, "run", run_object(b, &bl->run));
    add(b, o, "totals", totals_object(b, &bl->totals, NULL));
    add(b, o, "same_db", cJSON_CreateBool(bl->same_db));
    cJSON *lists[3] = {cJSON_CreateArray(), cJSON_CreateArray(), cJSON_CreateArray()};
    static const report__change changes[3] = {REPORT__CHANGE_NEW, REPORT__CHANGE_FIXED, REPORT__CHANGE_STILL};
    for (size_t i = 0; i < d->scenario_count; i++) {
        const report__scenario *sc = &d->scenarios[i];
        for (int k = 0; k < 3; k++) {
            if (sc->change != changes[k] || lists[k] == NULL) continue;
            cJSON *e = cJSON_CreateObject();
            if (e == NULL) {
                b->oom = true;
                continue;
            }
            add_str(b, e, "scenario", sc->id);
            add_str(b, e, "verdict", sc->verdict);
            add_str(b, e, "baseline_verdict", sc->baseline_verdict);
            push(b, lists[k], e);
        }
    }
    add(b, o, "new_failures", lists[0]);
    add(b, o, "fixed", lists[1]);
    add(b, o, "still_failing", lists[2]);
    cJSON *gone = cJSON_CreateArray();
    for (size_t i = 0; gone && i < bl->gone_count; i++) {
        cJSON *e = cJSON_CreateObject();
        if (e == NULL) {
            b->oom = true;
            break;
        }
        add_str(b, e, "scenario", bl->gone_ids[i]);
        add_str(b, e, "baseline_verdict", bl->gone_verdicts[i]);
        push(b, gone, e);
    }
    add(b, o, "not_run", gone);
    return o;
}

/* The run's expectation file: its name, the outcomes counted, and its entries with what each matched. */
static cJSON *expectations_object(builder *b, const report__data *d) {
    cJSON *o = cJSON_CreateObject(), *outcomes = cJSON_CreateObject(), *entries = cJSON_CreateArray();
    if (o == NULL || outcomes == NULL || entries == NULL) {
        cJSON_Delete(o);
        cJSON_Delete(outcomes);
        cJSON_Delete(entries);
        b->oom = true;
        return NULL;
    }
    add_str(b, o, "file", d->expect_file);
    for (int k = REPORT__OUTCOME_PASS; k <= REPORT__OUTCOME_UNEXPECTED; k++)
        add_int(b, outcomes, report__outcome_name((report__outcome)k), d->outcomes[k]);
    add(b, o, "outcomes", outcomes);
    for (size_t i = 0; i < d->expect_entry_count; i++) {
        const report__expect_entry *x = &d->expect_entries[i];
        cJSON *e = cJSON_CreateObject();
        if (e == NULL) {
            b->oom = true;
            break;
        }
        add_int(b, e, "entry", (int64_t)i);
        add_str(b, e, "scenario", x->scenario);
        if (x->has_step) add_int(b, e, "step", x->step);
        else add(b, e, "step", cJSON_CreateNull());
        add_str(b, e, "verdict", x->verdict);
        add_str(b, e, "reason", x->reason);
        add_str(b, e, "link", x->link);
        add_int(b, e, "matched", x->matched);
        push(b, entries, e);
    }
    add(b, o, "entries", entries);
    return o;
}

/* The exploration: its explore_runs row, how many rows it recorded, its divergences and shrunk files (each
 * list bounded; the *_total counts say how many rows there are). */
static cJSON *explore_object(builder *b, const report__data *d) {
    const report__explore *x = &d->explore;
    cJSON *o = cJSON_CreateObject(), *divergences = cJSON_CreateArray(), *shrunk = cJSON_CreateArray();
    if (o == NULL || divergences == NULL || shrunk == NULL) {
        cJSON_Delete(o);
        cJSON_Delete(divergences);
        cJSON_Delete(shrunk);
        b->oom = true;
        return NULL;
    }
    char fields[64];
    add_int(b, o, "id", x->id);
    add_str(b, o, "implementation", x->implementation);
    add_str(b, o, "tool_version", x->tool_version);
    add_str(b, o, "seed", x->seed);
    cJSON *argv = parse_clean(b, x->args);
    if (cJSON_IsArray(argv)) add(b, o, "argv", argv);
    else {
        cJSON_Delete(argv);
        add_str(b, o, "argv", x->args);
    }
    add_str(b, o, "state", x->state);
    add(b, o, "exit_code", x->has_exit_code ? cJSON_CreateNumber((double)x->exit_code) : cJSON_CreateNull());
    add_int(b, o, "scenarios", x->scenarios);
    add_int(b, o, "steps", x->steps);
    add_int(b, o, "diverged", x->diverged);
    add_int(b, o, "scenarios_recorded", x->recorded);
    add_int(b, o, "divergences_total", x->divergence_rows);
    add_int(b, o, "shrunk_total", x->shrunk_rows);
    add_int(b, o, "explorations_in_trace", x->in_trace);
    for (size_t i = 0; i < x->divergence_count; i++) {
        const report__explore_divergence *v = &x->divergences[i];
        const report__explore_shrunk *s = report__explore_shrunk_of(x, v->number);
        cJSON *e = cJSON_CreateObject();
        if (e == NULL) {
            b->oom = true;
            break;
        }
        add_int(b, e, "number", v->number);
        add_str(b, e, "seed", v->seed);
        add_str(b, e, "verdict", v->verdict);
        add(b, e, "step", v->has_step ? cJSON_CreateNumber((double)v->step) : cJSON_CreateNull());
        add_str(b, e, "function", v->function);
        add_str(b, e, "clause", v->clause);
        add_int(b, e, "fields", v->fields);
        add_str(b, e, "mismatch", report__explore_fields_text(v->fields, fields, sizeof fields));
        add_str(b, e, "message", v->message);
        add_str(b, e, "shrunk", s ? s->path : NULL);
        push(b, divergences, e);
    }
    add(b, o, "divergences", divergences);
    for (size_t i = 0; i < x->shrunk_count; i++) {
        const report__explore_shrunk *s = &x->shrunk[i];
        cJSON *e = cJSON_CreateObject();
        if (e == NULL) {
            b->oom = true;
            break;
        }
        add_int(b, e, "number", s->number);
        add_str(b, e, "path", s->path);
        add_str(b, e, "verdict", s->verdict);
        add_str(b, e, "function", s->function);
        add_str(b, e, "clause", s->clause);
        add_int(b, e, "fields", s->fields);
        add_str(b, e, "mismatch", report__explore_fields_text(s->fields, fields, sizeof fields));
        add_int(b, e, "steps_before", s->steps_before);
        add_int(b, e, "steps_after", s->steps_after);
        add_int(b, e, "candidates", s->candidates);
        add_str(b, e, "run_scenario", s->run_scenario);
        push(b, shrunk, e);
    }
    add(b, o, "shrunk", shrunk);
    return o;
}

int report__render_json(const report__data *d, FILE *out, char *err, size_t cap) {
    builder b = {false};
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL) {
        snprintf(err, cap, "out of memory");
        return REPORT_EINTERNAL;
    }
    add(&b, doc, "schema", cJSON_CreateString("rtshm-report/1"));
    add(&b, doc, "run", d->has_run ? run_object(&b, &d->run) : cJSON_CreateNull());
    add(&b, doc, "totals", d->has_run ? totals_object(&b, &d->totals, d) : cJSON_CreateNull());
    cJSON *failures = cJSON_CreateArray();
    for (size_t i = 0; failures && i < d->failure_count; i++) push(&b, failures, failure_object(&b, d, &d->failures[i]));
    add(&b, doc, "failures", failures);
    cJSON *scenarios = cJSON_CreateArray();
    for (size_t i = 0; scenarios && i < d->scenario_count; i++) {
        const report__scenario *sc = &d->scenarios[i];
        cJSON *e = cJSON_CreateObject();
        if (e == NULL) {
            b.oom = true;
            break;
        }
        add_str(&b, e, "id", sc->id);
        add_str(&b, e, "path", sc->path);
        add_str(&b, e, "verdict", sc->verdict);
        add_int(&b, e, "steps", sc->steps);
        add_str(&b, e, "message", sc->message);
        if (sc->has_duration) add_int(&b, e, "duration_us", sc->duration_us);
        else add(&b, e, "duration_us", cJSON_CreateNull());
        add_str(&b, e, "outcome", report__outcome_name(sc->outcome));
        add_str(&b, e, "expected", sc->expected);
        push(&b, scenarios, e);
    }
    add(&b, doc, "scenarios", scenarios);
    add(&b, doc, "coverage", d->has_run ? coverage_object(&b, &d->coverage) : cJSON_CreateNull());
    cJSON *counts = cJSON_CreateArray();
    for (size_t i = 0; counts && i < d->status_count_count; i++) {
        const report__status_count *c = &d->status_counts[i];
        /* the data splits a status by outcome (passing, failing steps: the chart's classes); one entry here */
        int64_t count = c->count;
        while (i + 1 < d->status_count_count && same_text(d->status_counts[i + 1].api, c->api) &&
               same_text(d->status_counts[i + 1].function, c->function) &&
               same_text(d->status_counts[i + 1].status, c->status))
            count += d->status_counts[++i].count;
        cJSON *e = cJSON_CreateObject();
        if (e == NULL) {
            b.oom = true;
            break;
        }
        add_str(&b, e, "api", c->api);
        add_str(&b, e, "function", c->function);
        add_str(&b, e, "status", c->status);
        add_int(&b, e, "count", count);
        push(&b, counts, e);
    }
    add(&b, doc, "status_counts", counts);
    add(&b, doc, "baseline", d->has_baseline ? baseline_object(&b, d) : cJSON_CreateNull());
    add(&b, doc, "expectations", d->has_expect ? expectations_object(&b, d) : cJSON_CreateNull());
    if (d->has_explore) add(&b, doc, "explore", explore_object(&b, d)); /* absent without one: as before */
    char *text = b.oom ? NULL : trace_canonical_json(doc);
    cJSON_Delete(doc);
    if (text == NULL) {
        snprintf(err, cap, "out of memory");
        return REPORT_EINTERNAL;
    }
    fputs(text, out);
    fputc('\n', out);
    free(text);
    return REPORT_OK;
}
