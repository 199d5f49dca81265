/* conformance/cli/options.c — cli_parse: every command's arguments read against its cli_syntax
 * (options.h), with the usage messages worded by the command. */
#include "options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/cli.h"

int cli_usage_error(const char *fmt, const char *arg) {
    fprintf(stderr, "rtshm: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(run 'rtshm --help' for usage)\n");
    return RTSHM_EXIT_INPUT;
}

int cli_parse_u64(const char *text, uint64_t *out) {
    if (text == NULL || *text == '\0' || *text == '-') return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 0);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}

bool cli_parse_text_or_json(const char *value, void *dest) {
    if (strcmp(value, "json") == 0) *(bool *)dest = true;
    else if (strcmp(value, "text") == 0) *(bool *)dest = false;
    else return false;
    return true;
}

/* The option of syntax named arg, or NULL. */
static const cli_option *find_option(const cli_syntax *syntax, const char *arg) {
    for (size_t i = 0; i < syntax->option_count; i++)
        if (strcmp(syntax->options[i].name, arg) == 0) return &syntax->options[i];
    return NULL;
}

/* Stores value through opt->dest as opt's kind says. Returns false when the value does not parse. */
static bool store_value(const cli_option *opt, const char *value) {
    uint64_t n;
    switch (opt->kind) {
    case CLI_TEXT:
        *(const char **)opt->dest = value;
        return true;
    case CLI_UINT:
        if (cli_parse_u64(value, &n) != 0 || n < opt->min || n > opt->max) return false;
        *(uint64_t *)opt->dest = n;
        return true;
    case CLI_RUN_ID:
        if (cli_parse_u64(value, &n) != 0 || n == 0 || n > INT64_MAX) return false;
        *(int64_t *)opt->dest = (int64_t)n;
        return true;
    case CLI_CUSTOM:
        return opt->parse(value, opt->dest);
    case CLI_FLAG:
        break;
    }
    return false;
}

int cli_parse(const cli_syntax *syntax, int argc, char **argv, char **positional, int *positional_count) {
    int count = 0;
    *positional_count = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const cli_option *opt = find_option(syntax, arg);
        if (opt && opt->kind == CLI_FLAG) {
            *(bool *)opt->dest = true;
        } else if (opt) {
            if (i + 1 >= argc) return cli_usage_error("%s needs a value", arg);
            const char *value = argv[++i];
            if (!store_value(opt, value)) return cli_usage_error(opt->bad_value, value);
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return cli_usage_error(syntax->unknown_option, arg);
        } else if (syntax->max_positional >= 0 && count >= syntax->max_positional) {
            return cli_usage_error(syntax->extra_positional, arg);
        } else {
            positional[count++] = argv[i];
        }
    }
    *positional_count = count;
    return 0;
}
