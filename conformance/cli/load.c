/* conformance/cli/load.c — loading and selecting the scenarios of a command (load.h). */
#include "load.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conf/corpus.h"
#include "escape.h"
#include "options.h"

void cli_corpus_free(cli_corpus *corpus) {
    for (size_t i = 0; i < corpus->count; i++) conf_scenario_free(corpus->items[i]);
    free(corpus->items);
    corpus->items = NULL;
    corpus->count = 0;
}

static int compare_ids(const void *a, const void *b) {
    const conf_scenario *x = *(conf_scenario *const *)a, *y = *(conf_scenario *const *)b;
    int c = strcmp(x->id, y->id);
    return c ? c : strcmp(x->path, y->path);
}

/* Prints one error per scenario whose id an earlier one (by path) already uses; returns how many.
 * Sorts a copy by id and compares neighbours; -1 when that copy cannot be had. */
static int count_duplicate_ids(const cli_corpus *corpus) {
    if (corpus->count < 2) return 0;
    conf_scenario **by_id = malloc(corpus->count * sizeof *by_id);
    if (by_id == NULL) return -1;
    memcpy(by_id, corpus->items, corpus->count * sizeof *by_id);
    qsort(by_id, corpus->count, sizeof *by_id, compare_ids);
    int duplicates = 0;
    for (size_t i = 1; i < corpus->count; i++) {
        if (strcmp(by_id[i - 1]->id, by_id[i]->id) != 0) continue;
        /* name the later file (by path) as the duplicate */
        const conf_scenario *a = by_id[i - 1], *b = by_id[i];
        if (strcmp(a->path, b->path) > 0) {
            const conf_scenario *t = a;
            a = b;
            b = t;
        }
        cli_escape_line(stderr, "%s: id: scenario id '%s' is also used by %s", b->path, b->id, a->path);
        duplicates++;
    }
    free(by_id);
    return duplicates;
}

int cli_corpus_load(char **paths, int count, cli_corpus *out) {
    conf_file_list files = {0};
    char err[2048];
    memset(out, 0, sizeof *out);
    if (count == 0) return cli_usage_error("%s", "no scenario files or folders given"), -1;
    if (conf_collect((const char *const *)paths, count, &files, err, sizeof err) != 0) {
        cli_escape_line(stderr, "rtshm: %s", err);
        conf_file_list_free(&files);
        return -1;
    }
    for (size_t i = 0; i < files.skipped_count; i++) cli_escape_line(stderr, "rtshm: note: %s", files.skipped[i]);
    if (files.skipped_lost)
        fprintf(stderr, "rtshm: note: %zu more entries skipped (out of memory for their notes)\n", files.skipped_lost);
    if (files.count == 0) {
        fprintf(stderr, "rtshm: no *.json scenario files found\n");
        conf_file_list_free(&files);
        return -1;
    }
    out->items = calloc(files.count, sizeof *out->items);
    if (out->items == NULL) {
        fprintf(stderr, "rtshm: out of memory\n");
        conf_file_list_free(&files);
        return -1;
    }
    int errors = 0;
    bool no_memory = false;
    uint64_t held_bytes = 0;
    for (size_t i = 0; i < files.count; i++) {
        conf_scenario *sc = NULL;
        struct stat st;
        conf_load_mode mode = stat(files.paths[i], &st) == 0 ? conf_corpus_load_mode((uint64_t)st.st_size, &held_bytes)
                                                               : CONF_LOAD_HOLD; /* the loader words the error */
        int rc = conf_scenario_load_mode(files.paths[i], mode, &sc, err, sizeof err);
        if (rc != 0) {
            no_memory |= rc == CONF_LOAD_NO_MEMORY;
            cli_escape_line(stderr, "%s", err);
            errors++;
            continue;
        }
        out->items[out->count++] = sc;
    }
    conf_file_list_free(&files);
    if (errors == 0) {
        int duplicates = count_duplicate_ids(out);
        if (duplicates < 0) {
            fprintf(stderr, "rtshm: out of memory\n");
            return CLI_CORPUS_NO_MEMORY;
        }
        errors = duplicates;
    }
    if (no_memory) {
        fprintf(stderr, "rtshm: out of memory while loading the scenarios; nothing was run\n");
        return CLI_CORPUS_NO_MEMORY;
    }
    if (errors) {
        fprintf(stderr, "rtshm: %d scenario file%s rejected; nothing was run\n", errors, errors == 1 ? "" : "s");
        return -1;
    }
    return 0;
}

/* True when glob matches sc's id or one of its tags. */
static bool glob_selects(const conf_scenario *sc, const char *glob) {
    if (fnmatch(glob, sc->id, 0) == 0) return true;
    for (int i = 0; i < sc->tag_count; i++)
        if (fnmatch(glob, sc->tags[i], 0) == 0) return true;
    return false;
}

static int compare_id(const void *key, const void *item) { return strcmp(key, *(char *const *)item); }

bool cli_corpus_selects(const conf_scenario *sc, const cli_selection *selection) {
    if (selection == NULL) return true;
    if (!cli_shard_selects(&selection->shard, sc->id)) return false;
    if (selection->by_ids &&
        bsearch(sc->id, selection->ids, selection->id_count, sizeof *selection->ids, compare_id) == NULL)
        return false;
    if (selection->glob_count == 0) return true;
    for (size_t i = 0; i < selection->glob_count; i++)
        if (glob_selects(sc, selection->globs[i])) return true;
    return false;
}

size_t cli_corpus_selected(const cli_corpus *corpus, const cli_selection *selection) {
    size_t selected = 0;
    for (size_t i = 0; i < corpus->count; i++) selected += cli_corpus_selects(corpus->items[i], selection);
    return selected;
}

void cli_selection_globs_text(const cli_selection *selection, char *buf, size_t cap) {
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < selection->glob_count && used < cap; i++) {
        int n = snprintf(buf + used, cap - used, "%s'%s'", i ? ", " : "", selection->globs[i]);
        if (n < 0) break;
        used += (size_t)n;
    }
}
