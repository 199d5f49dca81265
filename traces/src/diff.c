/* traces/src/diff.c — merge two canonical streams scenario by scenario and report the first
 * divergence of each changed scenario. Records are compared by their canonical text, with opaque
 * values (a backend's real addresses) replaced by their numbers on each side (diff_opaque.h). */
#include "traces/diff.h"

#include <stdlib.h>
#include <string.h>

#include "diff_opaque.h"
#include "traces/canon.h"
#include "traces/textesc.h"

#define MAX_CONTEXT 16

/* One side's cursor: the current record (copied, since the stream reuses its buffers). */
typedef struct side {
    trace_stream *s;
    int has;             /* 1 when rec holds a record */
    trace_rec_type type;
    char *scenario;
    int64_t seq;
    cJSON *obj;          /* with ignored fields removed */
    char *line;          /* canonical text of obj */
    char *cmp;           /* what is compared: line with opaque values numbered, or NULL when line is */
    diff_opaque opaque;  /* this side's numbering of opaque values in the current scenario */
} side;

/* The text a side's record is compared by. */
static const char *cmp_text(const side *sd) {
    return sd->cmp ? sd->cmp : sd->line;
}

static void side_clear(side *sd) {
    free(sd->scenario);
    cJSON_Delete(sd->obj);
    free(sd->line);
    free(sd->cmp);
    sd->scenario = sd->line = sd->cmp = NULL;
    sd->obj = NULL;
    sd->has = 0;
}

static int side_advance(side *sd, const trace_diff_opts *o, char *err, size_t cap) {
    side_clear(sd);
    trace_record rec;
    int rc = trace_stream_next(sd->s, &rec, err, cap);
    if (rc <= 0) return rc;
    sd->type = rec.type;
    sd->seq = rec.seq;
    sd->scenario = strdup(rec.scenario);
    if (o->ignore_count == 0) {
        /* The fast path: canonical lines compare as they are; the object is parsed only to report. */
        sd->line = strdup(rec.line);
    } else {
        const cJSON *obj = trace_record_object(sd->s, &rec);
        sd->obj = obj ? cJSON_Duplicate(obj, true) : NULL;
        for (int i = 0; sd->obj && i < o->ignore_count; i++) cJSON_DeleteItemFromObjectCaseSensitive(sd->obj, o->ignore[i]);
        sd->line = sd->obj ? trace_canonical_json(sd->obj) : NULL;
    }
    if (sd->line && rec.type == TRACE_REC_SCENARIO) sd->opaque.reset_pending = 1;
    else if (sd->line && rec.type == TRACE_REC_STEP) sd->cmp = diff_opaque_normalize(&sd->opaque, sd->line);
    if (!sd->scenario || !sd->line || sd->opaque.failed) {
        snprintf(err, cap, "out of memory");
        return -1;
    }
    sd->has = 1;
    return 1;
}

/* The side's record as an object (parsed from its line the first time); a line that is not JSON
 * becomes {"type": "unparsable", "line": ...} so that it can still be shown and compared. */
static const cJSON *side_obj(side *sd) {
    if (sd->obj == NULL && sd->line) {
        sd->obj = cJSON_Parse(sd->line);
        if (sd->obj == NULL) {
            sd->obj = cJSON_CreateObject();
            cJSON_AddStringToObject(sd->obj, "type", "unparsable");
            cJSON_AddStringToObject(sd->obj, "line", sd->line);
        }
    }
    return sd->obj;
}

/* seq of a record object for printing: an integer, or -1 when absent or out of range. */
static long long seq_of(const cJSON *obj) {
    const cJSON *seq = cJSON_GetObjectItemCaseSensitive(obj, "seq");
    if (!cJSON_IsNumber(seq) || !(seq->valuedouble >= -1 && seq->valuedouble < 9.0e15)) return -1;
    return (long long)seq->valuedouble;
}

/* Writes the canonical JSON of item (or null) to out. */
static void put_json(FILE *out, const cJSON *item) {
    char *text = item ? trace_canonical_json(item) : NULL;
    fputs(text ? text : "null", out);
    free(text);
}

/* Text of field key of obj (strings bare, others as JSON), into buf. */
static const char *field(const cJSON *obj, const char *key, char *buf, size_t cap) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v == NULL || cJSON_IsNull(v)) return "-";
    if (cJSON_IsString(v)) return v->valuestring;
    char *text = trace_canonical_json(v);
    snprintf(buf, cap, "%s", text ? text : "?");
    free(text);
    return buf;
}

/* A record as one readable line: "seq 3 rt RtCreateSharedMemory {args} -> 0x4 status=... last_error=...". */
static void describe(const cJSON *obj, char *out, size_t cap) {
    char args[2048], seq[32], proc[128], fn[128], ret[256], st[64], le[64], verdict[32], type[32];
    snprintf(type, sizeof type, "%.31s", field(obj, "type", args, sizeof args)); /* longer types are cut */
    if (strcmp(type, "scenario") == 0) {
        snprintf(out, cap, "scenario verdict=%s steps=%s", field(obj, "verdict", verdict, sizeof verdict),
                 field(obj, "steps", seq, sizeof seq));
    } else if (strcmp(type, "finding") == 0) {
        snprintf(out, cap, "seq %s finding %s (%s): %s", field(obj, "seq", seq, sizeof seq),
                 field(obj, "kind", proc, sizeof proc), field(obj, "clause", fn, sizeof fn),
                 field(obj, "detail", args, sizeof args));
    } else {
        snprintf(out, cap, "seq %s %s %s %s -> %s status=%s last_error=%s verdict=%s", field(obj, "seq", seq, sizeof seq),
                 field(obj, "process", proc, sizeof proc), field(obj, "function", fn, sizeof fn),
                 field(obj, "args", args, sizeof args), field(obj, "ret", ret, sizeof ret), field(obj, "status", st, sizeof st),
                 field(obj, "last_error", le, sizeof le), field(obj, "verdict", verdict, sizeof verdict));
    }
}

/* The names of the fields whose values differ between a and b, comma-separated, into out. */
static void differing_fields(const cJSON *a, const cJSON *b, char *out, size_t cap) {
    out[0] = '\0';
    const cJSON *x;
    cJSON_ArrayForEach(x, a) {
        const cJSON *y = cJSON_GetObjectItemCaseSensitive(b, x->string);
        if (y == NULL || !cJSON_Compare(x, y, true)) {
            size_t n = strlen(out);
            snprintf(out + n, cap - n, "%s%s", n ? ", " : "", x->string);
        }
    }
    cJSON_ArrayForEach(x, b) {
        if (cJSON_GetObjectItemCaseSensitive(a, x->string) == NULL) {
            size_t n = strlen(out);
            snprintf(out + n, cap - n, "%s%s", n ? ", " : "", x->string);
        }
    }
}

static void json_string(FILE *out, const char *s) {
    cJSON *str = cJSON_CreateString(s ? s : "");
    char *text = trace_canonical_json(str);
    fputs(text ? text : "\"\"", out);
    free(text);
    cJSON_Delete(str);
}

/* Skips the rest of a side's current scenario (up to its next scenario record or the end). */
static int skip_scenario(side *sd, const trace_diff_opts *o, char *err, size_t cap) {
    while (sd->has && sd->type != TRACE_REC_SCENARIO)
        if (side_advance(sd, o, err, cap) < 0) return -1;
    return 0;
}

/* Reports a scenario present on one side only; advances that side past it. */
static int one_sided(side *sd, const char *change, const trace_diff_opts *o, FILE *out, bool *first_json, char *err,
                     size_t cap) {
    char b1[64], b2[64];
    const char *verdict = field(side_obj(sd), "verdict", b1, sizeof b1);
    const char *steps = field(side_obj(sd), "steps", b2, sizeof b2);
    if (o->json) {
        fprintf(out, "%s\n{\"scenario\":", *first_json ? "" : ",");
        json_string(out, sd->scenario);
        fprintf(out, ",\"change\":\"%s\",\"verdict\":", change);
        json_string(out, verdict);
        fputs(",\"steps\":", out);
        put_json(out, cJSON_GetObjectItemCaseSensitive(side_obj(sd), "steps"));
        fputc('}', out);
        *first_json = false;
    } else {
        text_escape_line(out, "%s %s  (%s: verdict %s, %s steps)", change[0] == 'a' ? "+" : "-", sd->scenario, change,
                         verdict, steps);
    }
    if (side_advance(sd, o, err, cap) < 0) return -1;
    return skip_scenario(sd, o, err, cap);
}

/* Whether scenario records head_a and head_b are the same once the opaque values each side met in the
 * scenario's steps are numbered in their messages. */
static bool headers_same_but_opaque(side *a, side *b, const cJSON *head_a, const cJSON *head_b) {
    char *ta = diff_opaque_normalize_message(&a->opaque, head_a), *tb = diff_opaque_normalize_message(&b->opaque, head_b);
    bool same = ta && tb && strcmp(ta, tb) == 0;
    free(ta);
    free(tb);
    a->opaque.failed = b->opaque.failed = 0; /* out of memory here only makes the headers differ */
    return same;
}

/* Compares one scenario present on both sides; both are at its scenario record. */
static int both_sided(side *a, side *b, const trace_diff_opts *o, FILE *out, bool *first_json, trace_diff_totals *t,
                      char *err, size_t cap) {
    char *context[MAX_CONTEXT] = {0};
    int ctx_n = o->context < 0 ? 0 : o->context > MAX_CONTEXT ? MAX_CONTEXT : o->context, ctx_len = 0, ctx_head = 0;
    char va[64], vb[64], tmp[64];
    char *scenario = strdup(a->scenario);
    snprintf(va, sizeof va, "%s", field(side_obj(a), "verdict", tmp, sizeof tmp));
    snprintf(vb, sizeof vb, "%s", field(side_obj(b), "verdict", tmp, sizeof tmp));
    bool header_same = strcmp(a->line, b->line) == 0;
    cJSON *head_a = cJSON_Duplicate(side_obj(a), true), *head_b = cJSON_Duplicate(side_obj(b), true);
    int rc = 0;
    /* Walk both scenarios' records in lockstep. */
    if (side_advance(a, o, err, cap) < 0 || side_advance(b, o, err, cap) < 0) rc = -1;
    cJSON *diff_a = NULL, *diff_b = NULL;
    bool a_end = false, b_end = false, diverged = false;
    while (rc == 0) {
        a_end = !a->has || a->type == TRACE_REC_SCENARIO;
        b_end = !b->has || b->type == TRACE_REC_SCENARIO;
        if (a_end && b_end) break;
        if (!a_end && !b_end && strcmp(cmp_text(a), cmp_text(b)) == 0) {
            if (ctx_n > 0) {
                free(context[ctx_head]);
                context[ctx_head] = strdup(a->line);
                ctx_head = (ctx_head + 1) % ctx_n;
                if (ctx_len < ctx_n) ctx_len++;
            }
            if (side_advance(a, o, err, cap) < 0 || side_advance(b, o, err, cap) < 0) rc = -1;
            continue;
        }
        diff_a = a_end ? NULL : cJSON_Duplicate(side_obj(a), true);
        diff_b = b_end ? NULL : cJSON_Duplicate(side_obj(b), true);
        diverged = true;
        break;
    }
    if (rc == 0 && !header_same && !diverged) header_same = headers_same_but_opaque(a, b, head_a, head_b);
    bool changed = rc == 0 && (!header_same || diverged);
    if (changed) {
        t->changed++;
        char line[4096], fields[512];
        if (o->json) {
            fprintf(out, "%s\n{\"scenario\":", *first_json ? "" : ",");
            json_string(out, scenario);
            fprintf(out, ",\"change\":\"changed\",\"verdict_a\":");
            json_string(out, va);
            fprintf(out, ",\"verdict_b\":");
            json_string(out, vb);
            *first_json = false;
        } else {
            if (strcmp(va, vb) != 0) text_escape_line(out, "~ %s  (verdict %s -> %s)", scenario, va, vb);
            else text_escape_line(out, "~ %s  (verdict %s)", scenario, va);
            if (!header_same) {
                differing_fields(head_a, head_b, fields, sizeof fields);
                text_escape_line(out, "    scenario record differs in: %s", fields);
            }
        }
        if (diverged) {
            const cJSON *any = diff_a ? diff_a : diff_b;
            if (o->json) {
                fprintf(out, ",\"first_divergence\":{\"seq\":%lld,\"a\":", seq_of(any));
                char *ja = diff_a ? trace_canonical_json(diff_a) : NULL, *jb = diff_b ? trace_canonical_json(diff_b) : NULL;
                fputs(ja ? ja : "null", out);
                fputs(",\"b\":", out);
                fputs(jb ? jb : "null", out);
                free(ja);
                free(jb);
                fputs(",\"context_before\":[", out);
                for (int i = 0; i < ctx_len; i++) {
                    int idx = (ctx_head - ctx_len + i + ctx_n) % ctx_n;
                    cJSON *c = cJSON_Parse(context[idx]);
                    if (c == NULL) c = cJSON_CreateString(context[idx]); /* not JSON: kept as text */
                    if (i) fputc(',', out);
                    put_json(out, c);
                    cJSON_Delete(c);
                }
                fputs("]}", out);
            } else {
                if (diff_a && diff_b) {
                    differing_fields(diff_a, diff_b, fields, sizeof fields);
                    text_escape_line(out, "    first divergence at seq %lld (differs in: %s)", seq_of(any), fields);
                } else {
                    text_escape_line(out, "    first divergence at seq %lld", seq_of(any));
                }
                for (int i = 0; i < ctx_len; i++) {
                    int idx = (ctx_head - ctx_len + i + ctx_n) % ctx_n;
                    cJSON *c = cJSON_Parse(context[idx]);
                    describe(c, line, sizeof line);
                    cJSON_Delete(c);
                    text_escape_line(out, "      %s", line);
                }
                if (diff_a) describe(diff_a, line, sizeof line);
                text_escape_line(out, "    - %s: %s", o->label_a, diff_a ? line : "(no more records)");
                if (diff_b) describe(diff_b, line, sizeof line);
                text_escape_line(out, "    + %s: %s", o->label_b, diff_b ? line : "(no more records)");
            }
            /* a few records after the divergence, from each side */
            for (int k = 0; rc == 0 && k < ctx_n; k++) {
                bool more_a = a->has && a->type != TRACE_REC_SCENARIO && diff_a;
                bool more_b = b->has && b->type != TRACE_REC_SCENARIO && diff_b;
                if (more_a && side_advance(a, o, err, cap) < 0) rc = -1;
                if (more_b && side_advance(b, o, err, cap) < 0) rc = -1;
                if (rc) break;
                more_a = more_a && a->has && a->type != TRACE_REC_SCENARIO;
                more_b = more_b && b->has && b->type != TRACE_REC_SCENARIO;
                if (!more_a && !more_b) break;
                if (!o->json) {
                    if (more_a && more_b && strcmp(cmp_text(a), cmp_text(b)) == 0) {
                        describe(side_obj(a), line, sizeof line);
                        text_escape_line(out, "      %s", line); /* the same on both sides */
                        continue;
                    }
                    if (more_a) {
                        describe(side_obj(a), line, sizeof line);
                        text_escape_line(out, "    - %s: %s", o->label_a, line);
                    }
                    if (more_b) {
                        describe(side_obj(b), line, sizeof line);
                        text_escape_line(out, "    + %s: %s", o->label_b, line);
                    }
                }
            }
        }
        if (o->json) fputc('}', out);
    } else if (rc == 0) {
        t->identical++;
    }
    if (rc == 0 && (skip_scenario(a, o, err, cap) < 0 || skip_scenario(b, o, err, cap) < 0)) rc = -1;
    for (int i = 0; i < MAX_CONTEXT; i++) free(context[i]);
    cJSON_Delete(diff_a);
    cJSON_Delete(diff_b);
    cJSON_Delete(head_a);
    cJSON_Delete(head_b);
    free(scenario);
    return rc;
}

int trace_diff(trace_stream *sa, trace_stream *sb, const trace_diff_opts *o, FILE *out, trace_diff_totals *t,
               char *err, size_t cap) {
    memset(t, 0, sizeof *t);
    side a = {.s = sa}, b = {.s = sb};
    int rc = 0;
    bool first_json = true;
    if (o->json) fputs("{\"scenarios\":[", out);
    if (side_advance(&a, o, err, cap) < 0 || side_advance(&b, o, err, cap) < 0) rc = -1;
    while (rc == 0 && (a.has || b.has)) {
        if ((a.has && a.type != TRACE_REC_SCENARIO) || (b.has && b.type != TRACE_REC_SCENARIO)) {
            snprintf(err, cap, "malformed canonical trace: a %s record outside any scenario",
                     (a.has && a.type != TRACE_REC_SCENARIO) ? o->label_a : o->label_b);
            rc = -1;
            break;
        }
        int cmp = !a.has ? 1 : !b.has ? -1 : strcmp(a.scenario, b.scenario);
        t->compared++;
        if (cmp < 0) {
            t->removed++;
            rc = one_sided(&a, "removed", o, out, &first_json, err, cap);
        } else if (cmp > 0) {
            t->added++;
            rc = one_sided(&b, "added", o, out, &first_json, err, cap);
        } else {
            rc = both_sided(&a, &b, o, out, &first_json, t, err, cap);
        }
    }
    side_clear(&a);
    side_clear(&b);
    diff_opaque_free(&a.opaque);
    diff_opaque_free(&b.opaque);
    if (rc < 0) return -1;
    bool same = t->changed == 0 && t->added == 0 && t->removed == 0;
    if (o->json) {
        fprintf(out, "%s],\"summary\":{\"added\":%ld,\"changed\":%ld,\"compared\":%ld,\"identical\":%ld,\"removed\":%ld,"
                     "\"same\":%s}}\n",
                first_json ? "" : "\n", t->added, t->changed, t->compared, t->identical, t->removed, same ? "true" : "false");
    } else {
        fprintf(out, "diff: %ld scenarios compared: %ld identical, %ld changed, %ld added, %ld removed\n", t->compared,
                t->identical, t->changed, t->added, t->removed);
    }
    return same ? 0 : 1;
}
