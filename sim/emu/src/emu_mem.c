/* sim/emu/src/emu_mem.c — the real memory behind the model's views (emu_int.h; rtshm_emu.h "Memory").
 *
 * Every object a view maps gets a memory file (memfd_create) as large as the views of it reach; every view
 * gets its own reservation of view + 2 pages (PROT_NONE), with the file mapped MAP_SHARED|MAP_FIXED in the
 * middle, read-write or read-only as the model's view. So two views of one object share pages, the page before
 * and after a view are guard pages, and nothing else is ever placed next to a view (the model packs views end
 * to end in its own address window; the host never does). A view the model unmapped, or whose object was
 * destroyed, is replaced in place by an anonymous PROT_NONE mapping: the reservation stays, so a stale pointer
 * faults for the rest of the world's life instead of reaching memory reused for something else. Reservations
 * are released when the world closes.
 *
 * Per process, the live views are kept sorted by model base, as the model keeps them, so bringing them in line
 * after an operation (emu_mem_sync) is one merge walk over both arrays: O(views) per process per operation.
 * Dead views (unmapped or revoked) are kept per process too, for translating a stale pointer back to the
 * model address it had. Memory files are closed when their object is seen destroyed, and the table is swept
 * for objects that left every kernel whenever it has doubled since the last sweep.
 *
 * Linux only (memfd_create, mmap): the vendor headers are portable, this file is not. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "emu_int.h"
#include "sim/object.h"

#define EMU_PAGE 4096u

typedef struct emu_view {
    uint64_t model_base, length; /* the model's view */
    const sim_object *obj;       /* identity only (compared, dereferenced only through a live model view) */
    uint64_t obj_id, obj_offset;
    unsigned char *reserve;      /* the reservation: guard page, mapped pages, guard page */
    size_t reserve_bytes;
    size_t delta;                /* obj_offset's offset inside its page */
    size_t map_bytes;            /* pages mapped from the file */
    uint64_t serial;             /* which mapping this is (1, 2, ... in the order they were made) */
    bool writable, revoked;
} emu_view;

typedef struct emu_views {
    emu_view *v;
    size_t n, cap;
} emu_views;

typedef struct emu_file {
    uint64_t obj_id;
    int fd;
    uint64_t bytes;
} emu_file;

static emu_views *live, *dead; /* per process */
static int process_n;
static emu_file *files;        /* sorted by obj_id (ids only grow) */
static size_t file_n, file_cap, file_swept_at;
static unsigned char *nowhere; /* an inaccessible page: pointers into no view */
static uint64_t view_serial;   /* the last serial given */

static void die(const char *what) {
    fprintf(stderr, "librtshm_emu: %s: %s (the program's memory would no longer match the model)\n", what,
            strerror(errno));
    abort();
}

static void push(emu_views *a, const emu_view *v) {
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 16;
        emu_view *grown = realloc(a->v, cap * sizeof *grown);
        if (grown == NULL) die("out of memory for the view table");
        a->v = grown;
        a->cap = cap;
    }
    a->v[a->n++] = *v;
}

int emu_mem_open(int process_count) {
    process_n = process_count;
    live = calloc((size_t)process_count, sizeof *live);
    dead = calloc((size_t)process_count, sizeof *dead);
    void *page = mmap(NULL, EMU_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    nowhere = page == MAP_FAILED ? NULL : page;
    if (live == NULL || dead == NULL || nowhere == NULL) {
        emu_mem_close();
        return -1;
    }
    return 0;
}

/* Index of obj_id's file, or the index where it would go, in *at; true when present. */
static bool file_find(uint64_t obj_id, size_t *at) {
    size_t lo = 0, hi = file_n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (files[mid].obj_id < obj_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    *at = lo;
    return lo < file_n && files[lo].obj_id == obj_id;
}

static void file_drop(size_t at) {
    close(files[at].fd);
    memmove(&files[at], &files[at + 1], (file_n - at - 1) * sizeof *files);
    file_n--;
}

/* The memory file of object obj_id, at least `bytes` long (created on first use). */
static int file_of(uint64_t obj_id, uint64_t bytes) {
    size_t at;
    if (!file_find(obj_id, &at)) {
        if (file_n == file_cap) {
            size_t cap = file_cap ? 2 * file_cap : 16;
            emu_file *grown = realloc(files, cap * sizeof *grown);
            if (grown == NULL) die("out of memory for the memory-file table");
            files = grown;
            file_cap = cap;
        }
        char name[48];
        snprintf(name, sizeof name, "rtshm-emu-object-%llu", (unsigned long long)obj_id);
        int fd = memfd_create(name, MFD_CLOEXEC);
        if (fd < 0) die("memfd_create");
        memmove(&files[at + 1], &files[at], (file_n - at) * sizeof *files);
        files[at] = (emu_file){obj_id, fd, 0};
        file_n++;
    }
    if (files[at].bytes < bytes) {
        if (ftruncate(files[at].fd, (off_t)bytes) != 0) die("ftruncate of a memory file");
        files[at].bytes = bytes;
    }
    return files[at].fd;
}

/* Makes v's mapped pages inaccessible (the reservation stays). */
static void view_revoke(emu_view *v) {
    if (v->revoked) return;
    void *at = v->reserve + EMU_PAGE;
    if (mmap(at, v->map_bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) == MAP_FAILED)
        die("mmap PROT_NONE over a dead view");
    v->revoked = true;
}

/* A new real view for model view mv of process. */
static emu_view map_view(const sim_view *mv) {
    emu_view v = {.model_base = mv->base_va, .length = mv->length, .obj = mv->obj, .obj_id = mv->obj->id,
                  .obj_offset = mv->obj_offset, .serial = ++view_serial, .writable = mv->writable};
    uint64_t page_offset = mv->obj_offset & ~(uint64_t)(EMU_PAGE - 1);
    v.delta = (size_t)(mv->obj_offset - page_offset);
    v.map_bytes = (v.delta + mv->length + EMU_PAGE - 1) & ~(size_t)(EMU_PAGE - 1);
    if (v.map_bytes == 0) v.map_bytes = EMU_PAGE;
    v.reserve_bytes = v.map_bytes + 2 * EMU_PAGE;
    void *r = mmap(NULL, v.reserve_bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED) die("mmap of a view's reservation");
    v.reserve = r;
    if (mv->obj->destroyed) { /* a view of a destroyed object (never expected): leave it inaccessible */
        v.revoked = true;
        return v;
    }
    int fd = file_of(mv->obj->id, page_offset + v.map_bytes);
    int prot = PROT_READ | (mv->writable ? PROT_WRITE : 0);
    if (mmap(v.reserve + EMU_PAGE, v.map_bytes, prot, MAP_SHARED | MAP_FIXED, fd, (off_t)page_offset) == MAP_FAILED)
        die("mmap of a view");
    return v;
}

/* Closes the memory files of objects no kernel holds any more (called when the table doubled). */
static void sweep_files(const sim_world *w) {
    size_t keep = 0;
    for (size_t i = 0; i < file_n; i++) {
        bool alive = false;
        for (int k = 0; k < w->kernel_count && !alive; k++)
            for (const sim_object *o = w->kernels[k]->first_object; o && !alive; o = o->next)
                alive = o->id == files[i].obj_id;
        if (alive)
            files[keep++] = files[i];
        else
            close(files[i].fd);
    }
    file_n = keep;
    file_swept_at = file_n;
}

/* Brings process p's real views in line with its model views. */
static void sync_process(int p, const sim_process *sp) {
    emu_views *lv = &live[p];
    emu_views next = {0};
    size_t i = 0, j = 0;
    const sim_addrspace *as = &sp->as;
    while (i < as->count || j < lv->n) {
        const sim_view *mv = i < as->count ? &as->views[i] : NULL;
        emu_view *ev = j < lv->n ? &lv->v[j] : NULL;
        if (ev && (!mv || ev->model_base < mv->base_va)) { /* the model unmapped it */
            view_revoke(ev);
            push(&dead[p], ev);
            j++;
        } else if (mv && (!ev || mv->base_va < ev->model_base)) { /* a new view */
            emu_view nv = map_view(mv);
            push(&next, &nv);
            i++;
        } else if (ev->obj == mv->obj && ev->obj_id == mv->obj->id && ev->length == mv->length &&
                   ev->obj_offset == mv->obj_offset) { /* the same view */
            if (mv->obj->destroyed && !ev->revoked) {
                view_revoke(ev);
                size_t at;
                if (file_find(ev->obj_id, &at)) file_drop(at);
            }
            push(&next, ev);
            i++;
            j++;
        } else { /* another view at the same address: the old one died */
            view_revoke(ev);
            push(&dead[p], ev);
            emu_view nv = map_view(mv);
            push(&next, &nv);
            i++;
            j++;
        }
    }
    free(lv->v);
    *lv = next;
}

void emu_mem_sync(const sim_world *w) {
    for (int p = 0; p < process_n && p < w->process_count; p++) sync_process(p, w->processes[p]);
    if (file_n > 64 && file_n >= 2 * file_swept_at) sweep_files(w);
}

/* The view of a containing host address h, or NULL. */
static const emu_view *host_lookup(const emu_views *a, uint64_t h) {
    for (size_t i = a->n; i-- > 0;) {
        uint64_t start = (uint64_t)(uintptr_t)a->v[i].reserve + EMU_PAGE + a->v[i].delta;
        if (h >= start && h - start < a->v[i].length) return &a->v[i];
    }
    return NULL;
}

uint64_t emu_mem_to_model(int process, uint64_t host, bool *foreign) {
    *foreign = false;
    if (host == 0) return 0;
    const emu_view *v = host_lookup(&live[process], host);
    if (v == NULL) {
        *foreign = true;
        return RTSHM_EMU_FOREIGN_VA;
    }
    return v->model_base + (host - ((uint64_t)(uintptr_t)v->reserve + EMU_PAGE + v->delta));
}

/* The view of a containing model address va, or NULL. */
static const emu_view *model_lookup(const emu_views *a, uint64_t va) {
    for (size_t i = a->n; i-- > 0;)
        if (va >= a->v[i].model_base && va - a->v[i].model_base < a->v[i].length) return &a->v[i];
    return NULL;
}

uint64_t emu_mem_to_host(int process, uint64_t va) {
    if (va == 0) return 0;
    const emu_view *v = model_lookup(&live[process], va);
    if (v == NULL) v = model_lookup(&dead[process], va);
    if (v == NULL) return (uint64_t)(uintptr_t)nowhere;
    return (uint64_t)(uintptr_t)v->reserve + EMU_PAGE + v->delta + (va - v->model_base);
}

bool emu_mem_view_base(int process, uint64_t va, uint64_t *base, uint64_t *serial) {
    const emu_view *v = model_lookup(&live[process], va);
    if (v == NULL) return false;
    *base = v->model_base;
    *serial = v->serial;
    return true;
}

void emu_mem_close(void) {
    for (int p = 0; p < process_n; p++) {
        for (size_t i = 0; live && i < live[p].n; i++) munmap(live[p].v[i].reserve, live[p].v[i].reserve_bytes);
        for (size_t i = 0; dead && i < dead[p].n; i++) munmap(dead[p].v[i].reserve, dead[p].v[i].reserve_bytes);
        if (live) free(live[p].v);
        if (dead) free(dead[p].v);
    }
    free(live);
    free(dead);
    live = dead = NULL;
    for (size_t i = 0; i < file_n; i++) close(files[i].fd);
    free(files);
    files = NULL;
    file_n = file_cap = file_swept_at = 0;
    if (nowhere) munmap(nowhere, EMU_PAGE);
    nowhere = NULL;
    process_n = 0;
    view_serial = 0;
}
