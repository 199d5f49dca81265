/* conformance/src/parse_resolve.c — which function a call step names (resolve_call, parse_util.h).
 *
 * Resolution rules (SCENARIO-FORMAT.md "Which family a call belongs to"): the family of a call is
 * that of the calling process — rt on intime: rt or iwin32; rt on rtx64: rtx64; driver: rtk;
 * windows: ntx, iwin32 (iwin32x) or rtx64. None of this is listed here: the families a process may
 * call, and the functions of each, are those whose rows in spec/functions.def list its caller bit. A
 * name may be qualified "family:Name"; an unqualified name found in more than one of the caller's
 * families is ambiguous and must be qualified. */
#include <stdio.h>
#include <string.h>

#include "parse_util.h"

/* The caller bit of a process: its kind and, for an rt process, its kernel's kind. */
static unsigned caller_bit(const conf_scenario *sc, const conf_process_spec *ps) {
    switch (ps->kind) {
    case CONF_PROC_WINDOWS: return SPEC_CALLER_WINDOWS;
    case CONF_PROC_DRIVER: return SPEC_CALLER_DRIVER;
    case CONF_PROC_RT:
    default: return sc->kernels[ps->kernel].kind == CONF_KERNEL_RTX64 ? SPEC_CALLER_RT_RTX64 : SPEC_CALLER_RT_INTIME;
    }
}

static const char *process_kind_text(const conf_scenario *sc, const conf_process_spec *ps) {
    switch (ps->kind) {
    case CONF_PROC_WINDOWS: return "a windows process";
    case CONF_PROC_DRIVER: return "a driver process";
    default:
        return sc->kernels[ps->kernel].kind == CONF_KERNEL_RTX64 ? "an rt process in RTSS (rtx64)"
                                                                 : "an rt process on an intime kernel";
    }
}

static bool node_has_rtss(const conf_scenario *sc, int node) {
    for (int i = 0; i < sc->kernel_count; i++)
        if (sc->kernels[i].kind == CONF_KERNEL_RTX64 && sc->kernels[i].node == node) return true;
    return false;
}

/* Whether a windows process reaches a family, and what it lacks when it does not. */
typedef enum windows_reach { REACH_OK = 0, REACH_NO_INTIME, REACH_NO_RTSS } windows_reach;

/* How windows process ps reaches family api. A family that rt processes on some kind of kernel also
 * call is reached from Windows through such a kernel on the process's node: iwin32 (iwin32x) through
 * its INtime kernel, rtx64 through the node's RTSS; a Windows-only family (ntx) needs none. The rule
 * reads the rows' callers (spec/functions.def). */
static windows_reach windows_reaches(const conf_scenario *sc, const conf_process_spec *ps, spec_api api) {
    if (spec_api_callable_by(api, SPEC_CALLER_RT_INTIME) && ps->kernel < 0) return REACH_NO_INTIME;
    if (spec_api_callable_by(api, SPEC_CALLER_RT_RTX64) && !node_has_rtss(sc, ps->node)) return REACH_NO_RTSS;
    return REACH_OK;
}

/* "ntx, rt, iwin32, rtx64 or rtk": the families that have functions, in spec_api order. */
static const char *callable_families_text(char *buf, size_t cap) {
    spec_api apis[SPEC_API_COUNT];
    int n = 0;
    for (int a = 0; a < SPEC_API_COUNT; a++)
        if (spec_api_has_functions((spec_api)a)) apis[n++] = (spec_api)a;
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
                                spec_api_name(apis[i]));
    return buf;
}

bool resolve_call(pctx *c, const char *jpath, const char *call, const conf_process_spec *ps, const spec_function **fn) {
    unsigned bit = caller_bit(c->sc, ps);
    const char *colon = strchr(call, ':');
    const char *name = call;
    *fn = NULL;
    if (colon) {
        char family[16], families[64];
        size_t n = (size_t)(colon - call);
        spec_api api;
        if (n >= sizeof family) return perr(c, jpath, "unknown API family in '%s'", call);
        memcpy(family, call, n);
        family[n] = '\0';
        if (!spec_api_by_name(family, &api) || !spec_api_has_functions(api))
            return perr(c, jpath, "unknown API family '%s' (expected %s)", family,
                        callable_families_text(families, sizeof families));
        name = colon + 1;
        *fn = spec_function_find(api, name);
        if (*fn == NULL) {
            if (spec_function_known(name)) return perr(c, jpath, "'%s' is not a function of the %s family", name, family);
            return perr(c, jpath, "unknown function '%s'", name);
        }
        if (!((*fn)->callers & bit))
            return perr(c, jpath, "process '%s' (%s) cannot call %s:%s", ps->id, process_kind_text(c->sc, ps), family,
                        name);
        switch (ps->kind == CONF_PROC_WINDOWS ? windows_reaches(c->sc, ps, api) : REACH_OK) {
        case REACH_NO_INTIME:
            return perr(c, jpath, "windows process '%s' has no intime kernel on its node to reach through iwin32x", ps->id);
        case REACH_NO_RTSS: return perr(c, jpath, "windows process '%s' has no RTSS (rtx64 kernel) on its node", ps->id);
        default: return true;
        }
    }
    int found = 0;
    for (int a = 0; a < SPEC_API_COUNT; a++) {
        spec_api api = (spec_api)a;
        if (!spec_api_callable_by(api, bit)) continue;
        if (ps->kind == CONF_PROC_WINDOWS && windows_reaches(c->sc, ps, api) != REACH_OK) continue;
        const spec_function *f = spec_function_find(api, name);
        if (f && (f->callers & bit)) {
            if (found++ == 0) *fn = f;
            else
                return perr(c, jpath, "'%s' exists in both the %s and %s families here; qualify it as \"%s:%s\" or \"%s:%s\"",
                            name, spec_api_name((*fn)->api), spec_api_name(f->api), spec_api_name((*fn)->api), name,
                            spec_api_name(f->api), name);
        }
    }
    if (found == 0) {
        if (spec_function_known(name))
            return perr(c, jpath, "process '%s' (%s) cannot call '%s'", ps->id, process_kind_text(c->sc, ps), name);
        return perr(c, jpath, "unknown function '%s'", name);
    }
    return true;
}
