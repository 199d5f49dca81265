/* sim/src/ntx.c — ntxGetLocationByName, ntxGetRootRtProcess, ntxAllocateRtMemory, ntxFreeRtMemory,
 * ntxCatalogNtxHandle, ntxLookupNtxhandle, ntxImportRtHandle, ntxMapRtSharedMemory(Ex),
 * ntxUnmapRtSharedMemory and ntxGetLastRtError on the model.
 *
 * Order of checks in ntxMapRtSharedMemoryEx (a model choice; seed:000 lists statuses, not an order):
 * the pointer cache (E_STATE for a read-only entry asked to write, else the cached pointer), the
 * kernel named by the handle must be contactable (E_NTX_INTERNAL_ERROR), the handle must name a live
 * object (E_EXIST), an address space (E_TYPE), on a kernel sharing memory with the caller's host
 * (E_LOCATION), page-aligned unless NTX_MAP_UNALIGNED (E_ALIGNMENT), a span of pages of at most 0xFFFFF000 bytes and
 * fitting the process's free address space (E_VMEM). */
#include "sim/ntx.h"

#include <stdlib.h>
#include <string.h>

#include "sim/alloc.h"
#include "sim/assert.h"
#include "sim/family.h"
#include "sim/intime.h"
#include "sim/shm.h"
#include "spec/clause_ids.h"

#define INTIME SPEC_FAMILY_INTIME

sim_ntx_process *sim_ntx_of(const sim_process *p) {
    return p->family_state[SPEC_API_NTX];
}

/* Records a failing NTX call: sticky slot (NTX.LASTERROR.STICKY), status and clause; returns `value`. */
static uint64_t fail(sim_process *p, sim_outcome *out, uint32_t status, const char *clause, uint64_t value) {
    sim_ntx_of(p)->last_error = status;
    sim_outcome_set(out, INTIME, status, clause);
    return value;
}

static void ok(sim_outcome *out, const char *clause) {
    sim_outcome_set(out, INTIME, ST_E_OK, clause);
}

uint64_t sim_ntx_handle(const sim_kernel *k, uint64_t rthandle) {
    return ((uint64_t)(k->index + 1) << 16) | rthandle;
}

/* The INtime kernel a location or handle value names (bits 16 to 31; a value above SIM_NTX_VALUE_MAX, such as
 * the sentinels, names none), or NULL. */
static sim_kernel *kernel_of(const sim_world *w, uint64_t value) {
    uint64_t index = value >> 16;
    if (index == 0 || index > (uint64_t)w->kernel_count || value > SIM_NTX_VALUE_MAX) return NULL;
    sim_kernel *k = w->kernels[index - 1];
    return k->kind == SIM_KERNEL_INTIME ? k : NULL;
}

/* True when p's NTX library can contact k: it runs and its node is reachable (NTX.MAP.E_NTX_INTERNAL_ERROR). */
static bool contactable(const sim_process *p, const sim_kernel *k) {
    return k->running && sim_world_reachable(p->world, p->node, k->node);
}

/* TOPO.SHARES_MEMORY: a kernel shares memory with the Windows host of its own node unless configured not to. */
static bool shares_memory_with(const sim_process *p, const sim_kernel *k) {
    return k->shares_memory && k->node == p->node;
}

uint64_t sim_ntx_ntxGetLocationByName(sim_process *p, const char *name, sim_outcome *out) {
    sim_kernel *k = name ? sim_world_kernel(p->world, name) : NULL;
    /* NTX.LOCATION.BY_NAME: unknown, or offline (stopped or unreachable) -> E_EXIST and
     * NTX_UNDEFINED_LOCATION, "Used to indicate an error from things returning an NTXLOCATION"
     * (NTX.LOCATION.UNDEFINED). */
    if (k == NULL || k->kind != SIM_KERNEL_INTIME || !contactable(p, k))
        return fail(p, out, ST_E_EXIST, CL_NTX_LOCATION_UNDEFINED, SIM_NTX_UNDEFINED_LOCATION);
    ok(out, CL_NTX_LOCATION_BY_NAME);
    return SIM_NTX_LOCATION_UNIT * (uint64_t)(k->index + 1);
}

/* NTX_LOCAL (NULL): the one INtime kernel on the caller's node, or NULL after recording E_LOCATION
 * when there is none or more than one (NTX.LOCATION.LOCAL). */
static sim_kernel *local_kernel(sim_process *p, sim_outcome *out) {
    sim_kernel *found = NULL;
    int count = 0;
    for (int i = 0; i < p->world->kernel_count; i++) {
        sim_kernel *k = p->world->kernels[i];
        if (k->kind == SIM_KERNEL_INTIME && k->node == p->node && count++ == 0) found = k;
    }
    if (count != 1) {
        fail(p, out, ST_E_LOCATION, CL_NTX_LOCATION_LOCAL, 0);
        return NULL;
    }
    return found;
}

/* The kernel of a location value, after the checks every location-taking call makes: NTX_LOCAL is the
 * local kernel (NTX.LOCATION.LOCAL); a value that is not of the NTXLOCATION form (not a multiple of 0x10000,
 * or above SIM_NTX_VALUE_MAX: NTX_UNDEFINED_LOCATION is both) is "not an NTX location" (E_PARAM), one of that form naming no INtime kernel "doesn't exist" (E_LOCATION)
 * (NTX.LOCATION.ERRORS); a kernel NTX cannot contact is E_NTX_INTERNAL_ERROR (NTX.CONTACT). */
static sim_kernel *location_kernel(sim_process *p, uint64_t location, sim_outcome *out) {
    sim_kernel *k;
    if (location == SIM_NTX_LOCAL) {
        if ((k = local_kernel(p, out)) == NULL) return NULL;
    } else if (location % SIM_NTX_LOCATION_UNIT != 0 || location > SIM_NTX_VALUE_MAX) {
        fail(p, out, ST_E_PARAM, CL_NTX_LOCATION_ERRORS, 0);
        return NULL;
    } else if ((k = kernel_of(p->world, location)) == NULL) {
        fail(p, out, ST_E_LOCATION, CL_NTX_LOCATION_ERRORS, 0);
        return NULL;
    }
    if (!contactable(p, k)) {
        fail(p, out, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT, 0);
        return NULL;
    }
    return k;
}

uint64_t sim_ntx_ntxGetRootRtProcess(sim_process *p, uint64_t location, sim_outcome *out) {
    sim_kernel *k = location_kernel(p, location, out);
    if (k == NULL) return SIM_NTX_BAD_HANDLE;
    ok(out, CL_NTX_ROOT);
    return sim_ntx_handle(k, sim_rt_of(sim_rt_root(k))->rthandle);
}

uint64_t sim_ntx_ntxAllocateRtMemory(sim_process *p, uint64_t location, uint32_t size, sim_outcome *out) {
    sim_kernel *k = location_kernel(p, location, out);
    if (k == NULL) return SIM_NTX_BAD_HANDLE;
    if (size == 0) return fail(p, out, ST_E_PARAM, CL_NTX_ALLOC_E_PARAM, SIM_NTX_BAD_HANDLE);
    /* NTX.ALLOC.OK: a segment owning its memory; NTX.ALLOC.ROUND: page-aligned, size rounded up to 4 KiB;
     * NTX.ALLOC.FRESH_MEMORY: it reads as zeros until written. */
    sim_rt_object *mem = sim_rt_new_memory(p->world, k, size, CL_NTX_ALLOC_ROUND, CL_NTX_ALLOC_FRESH_MEMORY);
    if (mem == NULL) return fail(p, out, ST_E_MEM, CL_NTX_ALLOC_E_MEM, SIM_NTX_BAD_HANDLE);
    mem->obj.handle_count = 1; /* held by the segment below (owns_base) */
    mem->held_by_segment = true;
    sim_rt_object *seg = sim_rt_new_segment(p->world, k, mem, 0, mem->obj.size_bytes);
    if (seg == NULL) {
        uint32_t ignored;
        sim_object_handle_released(&mem->obj, &ignored);
        return fail(p, out, ST_E_LIMIT, CL_NTX_ALLOC_E_MEM, SIM_NTX_BAD_HANDLE);
    }
    seg->owns_base = true;
    ok(out, CL_NTX_ALLOC_OK);
    return sim_ntx_handle(k, seg->rthandle);
}

/* The live object an NTXHANDLE names, or NULL; *k receives its kernel when the value names one. */
static sim_object *object_of(const sim_process *p, uint64_t h, sim_kernel **k) {
    *k = kernel_of(p->world, h);
    if (*k == NULL) return NULL;
    return sim_rt_lookup(*k, h & 0xFFFF);
}

uint32_t sim_ntx_ntxFreeRtMemory(sim_process *p, uint64_t segment, sim_outcome *out) {
    sim_kernel *k;
    sim_object *seg = object_of(p, segment, &k);
    if (k && !contactable(p, k)) return (uint32_t)fail(p, out, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT, ST_E_NTX_INTERNAL_ERROR);
    if (seg == NULL) return (uint32_t)fail(p, out, ST_E_EXIST, CL_NTX_FREE, ST_E_EXIST);
    if (seg->kind != SIM_OBJ_SEGMENT) return (uint32_t)fail(p, out, ST_E_TYPE, CL_NTX_FREE, ST_E_TYPE);
    /* The pointer cache is not told (NTX.MAP.CACHE_REUSE): a mapping of this handle stays cached. */
    sim_rt_delete(k, sim_rt_of(seg));
    ok(out, CL_NTX_FREE);
    return ST_E_OK;
}

uint32_t sim_ntx_ntxCatalogNtxHandle(sim_process *p, uint64_t h_process, uint64_t h_object, const char *name,
                                 sim_outcome *out) {
    sim_kernel *k, *ko;
    sim_object *proc = object_of(p, h_process, &k);
    if (k && !contactable(p, k)) return (uint32_t)fail(p, out, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT, ST_E_NTX_INTERNAL_ERROR);
    if (proc == NULL) return (uint32_t)fail(p, out, ST_E_EXIST, CL_NTX_CATALOG_ERRORS, ST_E_EXIST);
    if (proc->kind != SIM_OBJ_RTPROC) return (uint32_t)fail(p, out, ST_E_TYPE, CL_NTX_CATALOG_ERRORS, ST_E_TYPE);
    sim_object *obj = object_of(p, h_object, &ko);
    if (obj == NULL || ko != k) return (uint32_t)fail(p, out, ST_E_EXIST, CL_NTX_CATALOG_ERRORS, ST_E_EXIST);
    if (!sim_catalog_name_ok(name)) return (uint32_t)fail(p, out, ST_E_PARAM, CL_NTX_CATALOG_NAMES, ST_E_PARAM);
    uint32_t err = sim_catalog_put(proc, name, obj);
    if (err) return (uint32_t)fail(p, out, err, CL_NTX_CATALOG_ERRORS, err);
    ok(out, CL_NTX_CATALOG_NAMES);
    return ST_E_OK;
}

uint64_t sim_ntx_ntxLookupNtxhandle(sim_process *p, uint64_t h_process, const char *name, uint32_t timeout,
                                sim_outcome *out) {
    (void)timeout; /* nothing else runs while a call waits in this model: a wait ends as E_TIME */
    sim_kernel *k;
    sim_object *proc = object_of(p, h_process, &k);
    if (k && !contactable(p, k)) return fail(p, out, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT, SIM_NTX_BAD_HANDLE);
    if (proc == NULL) return fail(p, out, ST_E_EXIST, CL_NTX_CATALOG_ERRORS, SIM_NTX_BAD_HANDLE);
    if (proc->kind != SIM_OBJ_RTPROC) return fail(p, out, ST_E_TYPE, CL_NTX_CATALOG_ERRORS, SIM_NTX_BAD_HANDLE);
    if (!sim_catalog_name_ok(name)) return fail(p, out, ST_E_PARAM, CL_NTX_CATALOG_NAMES, SIM_NTX_BAD_HANDLE);
    sim_object *found = sim_catalog_get(k, proc, name);
    if (found == NULL) return fail(p, out, ST_E_TIME, CL_NTX_CATALOG_NAMES, SIM_NTX_BAD_HANDLE);
    ok(out, CL_RT_CATALOG);
    return sim_ntx_handle(k, sim_rt_of(found)->rthandle);
}

uint64_t sim_ntx_ntxImportRtHandle(sim_process *p, uint64_t rt_handle, uint64_t source, sim_outcome *out) {
    sim_kernel *k;
    sim_object *src = object_of(p, source, &k);
    if (k && !contactable(p, k)) return fail(p, out, ST_E_NTX_INTERNAL_ERROR, CL_NTX_CONTACT, SIM_NTX_BAD_HANDLE);
    if (src == NULL || rt_handle > 0xFFFF || sim_rt_lookup(k, rt_handle) == NULL)
        return fail(p, out, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE, SIM_NTX_BAD_HANDLE);
    ok(out, CL_NTX_MAP_IMPORT_RTHANDLE);
    return sim_ntx_handle(k, rt_handle);
}

uint64_t sim_ntx_ntxMapRtSharedMemory(sim_process *p, uint64_t segment, sim_outcome *out) {
    /* NTX.MAP.EQUALS_EX_WRITE */
    return sim_ntx_ntxMapRtSharedMemoryEx(p, segment, SIM_NTX_MAP_WRITE, out);
}

uint64_t sim_ntx_ntxMapRtSharedMemoryEx(sim_process *p, uint64_t segment, uint32_t flags, sim_outcome *out) {
    bool write = (flags & SIM_NTX_MAP_WRITE) != 0;
    sim_ntx_process *ntx = sim_ntx_of(p);
    sim_ntx_entry *cached = sim_hmap_get_u64(&ntx->cache, segment);
    sim_kernel *k;
    sim_object *seg_obj = object_of(p, segment, &k);
    if (cached) {
        /* NTX.MAP.E_STATE: mapped read-only earlier, now asked to write. */
        if (write && !cached->writable) return fail(p, out, ST_E_STATE, CL_NTX_MAP_E_STATE, 0);
        if (seg_obj == NULL || seg_obj->id != cached->segment_id) {
            /* NTX.MAP.CACHE_REUSE: the value now names another object (or none): the stale pointer. */
            sim_world_finding(p->world, "stale-cache-hit", CL_NTX_MAP_CACHE_REUSE,
                              "process '%s' mapped NTXHANDLE 0x%llx and got the cached pointer 0x%llx of segment #%llu, "
                              "which no longer exists (it was freed, or its kernel stopped, without "
                              "ntxUnmapRtSharedMemory); the handle value now names %s",
                              p->id, (unsigned long long)segment, (unsigned long long)cached->ptr,
                              (unsigned long long)cached->segment_id, seg_obj ? "another object" : "no object");
            ok(out, CL_NTX_MAP_CACHE_REUSE);
        } else {
            ok(out, CL_NTX_MAP_SAME_POINTER);
        }
        return cached->ptr;
    }
    if (k == NULL && segment <= 0xFFFF && segment != 0)
        return fail(p, out, ST_E_EXIST, CL_NTX_MAP_IMPORT_RTHANDLE, 0); /* an RTHANDLE, not converted */
    if (k && !contactable(p, k)) return fail(p, out, ST_E_NTX_INTERNAL_ERROR, CL_NTX_MAP_E_NTX_INTERNAL_ERROR, 0);
    if (seg_obj == NULL) return fail(p, out, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE, 0);
    if (seg_obj->kind != SIM_OBJ_SEGMENT) return fail(p, out, ST_E_TYPE, CL_NTX_MAP_E_TYPE, 0);
    sim_rt_object *seg = sim_rt_of(seg_obj);
    if (seg->base == NULL || seg->base->destroyed) return fail(p, out, ST_E_EXIST, CL_NTX_MAP_STALE_HANDLE, 0);
    if (!shares_memory_with(p, k)) return fail(p, out, ST_E_LOCATION, CL_NTX_MAP_E_LOCATION, 0);
    bool aligned = seg->base_offset % SIM_PAGE_BYTES == 0 && seg->length % SIM_PAGE_BYTES == 0;
    if (!aligned && !(flags & SIM_NTX_MAP_UNALIGNED)) return fail(p, out, ST_E_ALIGNMENT, CL_NTX_MAP_E_ALIGNMENT, 0);
    /* The view covers the pages that hold the segment; the pointer is the segment's first byte. The
     * 0xFFFFF000-byte limit of one call is on that span (NTX.MAP.MAX_SIZE): an unaligned segment counts its
     * partial first and last pages. */
    uint64_t first_page = seg->base_offset / SIM_PAGE_BYTES * SIM_PAGE_BYTES;
    uint64_t view_len = sim_round_to_page(seg->base_offset + seg->length) - first_page;
    if (view_len > SIM_NTX_MAX_MAP_BYTES) return fail(p, out, ST_E_VMEM, CL_NTX_MAP_MAX_SIZE, 0);
    uint64_t va;
    if (!sim_as_map(&p->as, seg->base, first_page, view_len, write, &va))
        return fail(p, out, ST_E_VMEM, CL_NTX_MAP_VA_LIMIT, 0);
    sim_ntx_entry *entry = sim_malloc(sizeof *entry);
    if (entry == NULL || !sim_hmap_put_u64(&ntx->cache, segment, entry)) {
        sim_free(entry);
        sim_as_unmap(&p->as, va);
        return fail(p, out, ST_E_VMEM, CL_NTX_MAP_VA_LIMIT, 0);
    }
    /* NTX.MAPEX.UNALIGNED_PAGES: the bytes of those pages outside the segment are the model's. */
    if (!aligned) sim_as_set_asked_span(&p->as, va, seg->base_offset, seg->base_offset + seg->length,
                                        CL_NTX_MAPEX_UNALIGNED_PAGES);
    *entry = (sim_ntx_entry){va + (seg->base_offset - first_page), va, seg_obj->id, seg->base->id, write};
    ok(out, !aligned ? CL_NTX_MAPEX_UNALIGNED : !write ? CL_NTX_MAPEX_READONLY : CL_NTX_MAP_OK);
    return entry->ptr;
}

uint32_t sim_ntx_ntxUnmapRtSharedMemory(sim_process *p, uint64_t segment, sim_outcome *out) {
    sim_ntx_entry *entry = sim_hmap_remove_u64(&sim_ntx_of(p)->cache, segment);
    if (entry == NULL) return (uint32_t)fail(p, out, ST_E_STATE, CL_NTX_UNMAP_E_STATE, ST_E_STATE);
    /* NTX.MAP.FIRST_UNMAP_INVALIDATES: the one view behind every mapping of this handle goes — if it is
     * still this mapping's (an iwin32x RtUnmapSharedMemory may have freed it and the address been reused). */
    bool partial;
    const sim_view *v = sim_as_find(&p->as, entry->view_base, 1, &partial);
    if (v && v->base_va == entry->view_base && v->obj->id == entry->memory_id) sim_as_unmap(&p->as, entry->view_base);
    sim_free(entry);
    ok(out, CL_NTX_UNMAP_OK);
    return ST_E_OK;
}

uint32_t sim_ntx_ntxGetLastRtError(sim_process *p, sim_outcome *out) {
    ok(out, CL_NTX_LASTERROR_STICKY);
    return sim_ntx_of(p)->last_error;
}

/* ---- the ntx family: descriptor and hooks ---- */

static void free_entry(void *entry, void *ctx) {
    (void)ctx;
    sim_free(entry);
}

/* Every process gets an empty cache and a clear sticky slot. */
static bool process_init(sim_process *p) {
    sim_ntx_process *ntx = sim_calloc(1, sizeof *ntx);
    if (ntx == NULL) return false;
    sim_hmap_init(&ntx->cache);
    p->family_state[SPEC_API_NTX] = ntx;
    return true;
}

/* At exit the cache goes (its views were unmapped with the others); the sticky slot stays readable. */
static void process_exited(sim_process *p) {
    sim_hmap_clear(&sim_ntx_of(p)->cache, free_entry, NULL);
}

static void process_free(sim_process *p) {
    sim_ntx_process *ntx = sim_ntx_of(p);
    if (ntx == NULL) return;
    sim_hmap_clear(&ntx->cache, free_entry, NULL);
    sim_free(ntx);
    p->family_state[SPEC_API_NTX] = NULL;
}

static uint32_t own_slot(const sim_process *p) {
    return sim_ntx_of(p)->last_error;
}

/* A cache entry lies in its process's address window: its pointer inside the view it was made with,
 * which was page-aligned, and the segment it was made for is not the memory it maps. */
static bool entry_ok(const void *key, size_t key_len, void *value, void *ctx) {
    const sim_addrspace *as = ctx;
    const sim_ntx_entry *e = value;
    bool ok = key_len == sizeof(uint64_t) && e->view_base % SIM_PAGE_BYTES == 0 && e->ptr >= e->view_base &&
              e->view_base >= as->window_base && e->view_base - as->window_base < SIM_VA_WINDOW_BYTES &&
              e->segment_id != e->memory_id;
    (void)key;
    SIM_ASSERT(ok);
    return ok;
}

static bool check_process(const sim_process *p) {
    const sim_ntx_process *ntx = sim_ntx_of(p);
    SIM_ASSERT(ntx != NULL);
    return ntx != NULL && sim_hmap_each(&ntx->cache, entry_ok, (void *)&p->as);
}

/* NTX works on the rt family's objects (sim/intime.h) and owns none itself. */
const sim_family sim_family_ntx = {
    .api = SPEC_API_NTX,
    .name = "ntx",
    .status_family = SPEC_FAMILY_INTIME,
    .slot = SIM_SLOT_OWN,
    .own_slot = own_slot,
    .kernel_kind = SIM_KERNEL_INTIME,
    .process_init = process_init,
    .process_free = process_free,
    .process_exited = process_exited,
    .check_process = check_process,
};
