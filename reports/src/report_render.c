/* reports/src/report_render.c — report_render: load the data once, hand it to the format's renderer,
 * and tell a failed write from a good document. */
#include <errno.h>
#include <string.h>

#include "report_int.h"

bool report_format_by_name(const char *name, report_format *out) {
    static const struct {
        const char *name;
        report_format format;
    } formats[] = {{"html", REPORT_HTML}, {"md", REPORT_MD}, {"junit", REPORT_JUNIT}, {"json", REPORT_JSON}};
    for (size_t i = 0; name && i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(name, formats[i].name) == 0) {
            *out = formats[i].format;
            return true;
        }
    return false;
}

int report_render(const report_options *o, FILE *out, char *err, size_t cap) {
    if (o == NULL || out == NULL || (unsigned)o->format > REPORT_JSON) {
        snprintf(err, cap, "report: bad options");
        return REPORT_EINPUT;
    }
    report__data d;
    int rc = report__data_load(o, &d, err, cap);
    if (rc != REPORT_OK) return rc;
    switch (o->format) {
    case REPORT_HTML: rc = report__render_html(&d, out, err, cap); break;
    case REPORT_MD: rc = report__render_md(&d, out, err, cap); break;
    case REPORT_JUNIT: rc = report__render_junit(&d, out, err, cap); break;
    case REPORT_JSON: rc = report__render_json(&d, out, err, cap); break;
    }
    report__data_free(&d);
    if (rc == REPORT_OK && (fflush(out) != 0 || ferror(out))) {
        snprintf(err, cap, "writing the report: %s", errno ? strerror(errno) : "I/O error");
        rc = REPORT_EINTERNAL;
    }
    return rc;
}
