/* conformance/cli/options.c — cli_parse: every command's arguments read against its cli_syntax
 * (options.h), with the usage messages worded by the command. */
#include "options.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/cli.h"
#include "escape.h"

int cli_usage_error(const char *fmt, const char *arg) {
    char shown[512]; /* the argument is the user's text: control bytes and invalid UTF-8 escaped (escape.h) */
    fprintf(stderr, "rtshm: ");
    fprintf(stderr, fmt, arg ? cli_escape(arg, shown, sizeof shown) : arg);
    fprintf(stderr, "\n(run 'rtshm --help' for usage)\n");
    return RTSHM_EXIT_INPUT;
}

int cli_parse_u64(const char *text, uint64_t *out) {
    /* Decimal digits, or 0x and hex digits: no sign, no space, no octal (010 is ten). */
    if (text == NULL || *text < '0' || *text > '9') return -1;
    bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    if (hex && !isxdigit((unsigned char)text[2])) return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(hex ? text + 2 : text, &end, hex ? 16 : 10);
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

void cli_text_list_free(cli_text_list *list) {
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

/* The option of syntax whose name is the first len bytes of arg, or NULL. */
static const cli_option *find_option(const cli_syntax *syntax, const char *arg, size_t len) {
    for (size_t i = 0; i < syntax->option_count; i++)
        if (strlen(syntax->options[i].name) == len && strncmp(syntax->options[i].name, arg, len) == 0)
            return &syntax->options[i];
    return NULL;
}

/* Appends value to the list at dest. Returns false when out of memory. */
static bool append_value(cli_text_list *list, const char *value) {
    const char **grown = realloc(list->items, (list->count + 1) * sizeof *grown);
    if (grown == NULL) return false;
    grown[list->count++] = value;
    list->items = grown;
    return true;
}

/* Stores value through opt->dest as opt's kind says. Returns false when the value does not parse. */
static bool store_value(const cli_option *opt, const char *value) {
    uint64_t n;
    switch (opt->kind) {
    case CLI_TEXT:
        *(const char **)opt->dest = value;
        return true;
    case CLI_LIST:
        return append_value(opt->dest, value);
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

/* Applies option opt given as arg; inline_value is the text after '=' of "--name=value" (NULL when
 * none), else the value is argv[*i + 1] (and *i moves past it). Returns 0 or RTSHM_EXIT_INPUT. */
static int apply_option(const cli_option *opt, const char *inline_value, int argc, char **argv, int *i) {
    if (opt->kind == CLI_FLAG) {
        if (inline_value) return cli_usage_error("%s takes no value", opt->name);
        *(bool *)opt->dest = true;
        return 0;
    }
    const char *value = inline_value;
    if (value == NULL) {
        if (*i + 1 >= argc) return cli_usage_error("%s needs a value", opt->name);
        value = argv[++*i];
    }
    if (store_value(opt, value)) return 0;
    if (opt->kind == CLI_LIST) return cli_usage_error("%s", "out of memory");
    return cli_usage_error(opt->bad_value, value);
}

int cli_parse(const cli_syntax *syntax, int argc, char **argv, char **positional, int *positional_count) {
    int count = 0;
    bool options_ended = false;
    *positional_count = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        bool is_option = !options_ended && arg[0] == '-' && arg[1] != '\0';
        if (is_option && strcmp(arg, "--") == 0) {
            options_ended = true;
            continue;
        }
        if (is_option && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)) {
            cli_print_command_help(stdout, syntax);
            return CLI_HELP_SHOWN;
        }
        const char *equals = is_option && arg[1] == '-' ? strchr(arg, '=') : NULL;
        const cli_option *opt = is_option ? find_option(syntax, arg, equals ? (size_t)(equals - arg) : strlen(arg))
                                          : NULL;
        if (opt) {
            int rc = apply_option(opt, equals ? equals + 1 : NULL, argc, argv, &i);
            if (rc != 0) return rc;
        } else if (is_option) {
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
