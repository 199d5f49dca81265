/* reports/tests/render_report.c — test helper: renders a report through report_render, for the headless
 * browser test (render_html.sh) until `rtshm report` exists in the CLI.
 * Usage: render_report DB FORMAT OUT [BASELINE_RUN]   (FORMAT html|md|junit|json; run: the newest) */
#include <stdio.h>
#include <stdlib.h>

#include "reports/report.h"

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: render_report DB FORMAT OUT [BASELINE_RUN]\n");
        return 2;
    }
    report_options o = {.db = argv[1], .baseline_run = argc == 5 ? atoll(argv[4]) : 0};
    if (!report_format_by_name(argv[2], &o.format)) {
        fprintf(stderr, "render_report: unknown format '%s'\n", argv[2]);
        return 2;
    }
    FILE *out = fopen(argv[3], "wb");
    if (out == NULL) {
        perror(argv[3]);
        return 3;
    }
    char err[1024];
    int rc = report_render(&o, out, err, sizeof err);
    if (fclose(out) != 0 && rc == REPORT_OK) rc = REPORT_EINTERNAL;
    if (rc != REPORT_OK) {
        fprintf(stderr, "render_report: %s\n", err);
        return rc == REPORT_EINPUT ? 2 : 3;
    }
    return 0;
}
