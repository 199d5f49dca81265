/* posix_objects.c — the POSIX side of the port: names, the per-kernel namespace table, shared memory
 * objects (shm_open/ftruncate/mmap), events/mutexes/semaphores (sem_open, or sem_init when unnamed),
 * handle tables and views.
 *
 * Everything here reports errno values; the family files (posix_win32.c, posix_rtk.c) turn them into
 * Win32 errors or NTSTATUS values. Every function either succeeds or leaves nothing behind. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "posix_backend.h"

/* POSIX name limits: a shared memory object's name is one file name of up to NAME_MAX characters
 * (shm_overview(7)); a named semaphore's is up to NAME_MAX - 4 (sem_overview(7): Linux stores it as
 * "sem.<name>"). Both count the name without its leading slash. */
#define PB_SHM_NAME_MAX NAME_MAX
#define PB_SEM_NAME_MAX (NAME_MAX - 4)

size_t pb_name_units(const char *name) {
    size_t units = 0;
    for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
        if ((*s & 0xC0) == 0x80) continue; /* continuation byte */
        units += (*s >= 0xF0) ? 2 : 1;     /* a 4-byte sequence is a UTF-16 surrogate pair */
    }
    return units;
}

int pb_name_form(const char *name) {
    if (pb_name_units(name) > PB_MAX_PATH) return ENAMETOOLONG;
    if (strchr(name, '\\') != NULL) return EINVAL;
    return 0;
}

pb_object *pb_ns_lookup(pb_world *w, int k, const char *name) {
    for (pb_object *o = w->kernels[k].objects; o; o = o->next)
        if (o->name && strcmp(o->name, name) == 0) return o;
    return NULL;
}

/* The POSIX name of vendor name `name` in kernel k: the world's prefix, the kernel index, '-', then
 * the name with '/' and '%' written as %2F and %25 (every other byte is kept, so case is kept and
 * distinct names stay distinct). Stores a malloc'd string in *out. Returns 0, ENAMETOOLONG when the
 * result exceeds `limit` characters after its leading slash, or ENOMEM. */
static int posix_name(const pb_world *w, int k, const char *name, size_t limit, char **out) {
    size_t n = strlen(w->prefix) + 16;
    for (const char *s = name; *s; s++) n += (*s == '/' || *s == '%') ? 3 : 1;
    char *buf = malloc(n + 1);
    if (buf == NULL) return ENOMEM;
    size_t at = (size_t)snprintf(buf, n + 1, "%s%02d-", w->prefix, k);
    for (const char *s = name; *s; s++) {
        if (*s == '/' || *s == '%') at += (size_t)snprintf(buf + at, n + 1 - at, "%%%02X", (unsigned char)*s);
        else buf[at++] = *s;
    }
    buf[at] = '\0';
    if (at - 1 > limit) {
        free(buf);
        return ENAMETOOLONG;
    }
    *out = buf;
    return 0;
}

/* A name for an unnamed object: '~' where a named object has '-' after the kernel index, so it can
 * never equal an encoded vendor name. */
static void anon_name(pb_world *w, int k, char *buf, size_t cap) {
    snprintf(buf, cap, "%s%02d~%llu", w->prefix, k, (unsigned long long)++w->anon_serial);
}

static pb_object *object_new(pb_world *w, int k, pb_kind kind, const char *name, char *posix) {
    pb_object *o = calloc(1, sizeof *o);
    if (o == NULL) return NULL;
    if (name && (o->name = strdup(name)) == NULL) {
        free(o);
        return NULL;
    }
    o->kind = kind;
    o->kernel = k;
    o->posix_name = posix;
    o->next = w->kernels[k].objects;
    w->kernels[k].objects = o;
    return o;
}

/* Removes o from its kernel's table, unlinks its POSIX name and frees it. Views of it stay mapped:
 * POSIX keeps the pages while a mapping exists. */
static void object_destroy(pb_world *w, pb_object *o) {
    for (pb_object **pp = &w->kernels[o->kernel].objects; *pp; pp = &(*pp)->next)
        if (*pp == o) {
            *pp = o->next;
            break;
        }
    if (o->posix_name) {
        if (o->kind == PB_SHM) shm_unlink(o->posix_name);
        else sem_unlink(o->posix_name);
    }
    if (o->anon_sem) {
        sem_destroy(o->anon_sem);
        free(o->anon_sem);
    }
    free(o->posix_name);
    free(o->name);
    free(o);
}

/* A free slot of t (the lowest), growing it when full; its index, or -1 when memory ran out. */
static long table_slot(pb_table *t) {
    for (size_t i = 0; i < t->count; i++)
        if (t->slots[i].obj == NULL) return (long)i;
    size_t cap = t->count ? t->count * 2 : 16;
    pb_handle *grown = realloc(t->slots, cap * sizeof *grown);
    if (grown == NULL) return -1;
    for (size_t i = t->count; i < cap; i++) grown[i] = (pb_handle){NULL, -1, NULL};
    t->slots = grown;
    long slot = (long)t->count;
    t->count = cap;
    return slot;
}

/* Room for one more view in p; 0, or ENOMEM. */
static int views_reserve(pb_process *p) {
    if (p->view_count < p->view_cap) return 0;
    size_t cap = p->view_cap ? p->view_cap * 2 : 16;
    pb_view *grown = realloc(p->views, cap * sizeof *grown);
    if (grown == NULL) return ENOMEM;
    p->views = grown;
    p->view_cap = cap;
    return 0;
}

/* Creates the shared memory object for pb_shm_get: a named one with O_CREAT|O_EXCL, an unnamed one
 * under a generated name that is unlinked at once. Returns 0 with *fd and *obj set, or an errno. */
static int shm_create(pb_world *w, int k, const char *name, char *pname, const pb_shm_request *req, uint64_t size,
                      int *fd, pb_object **obj) {
    char anon[96];
    if (pname) {
        *fd = shm_open(pname, O_RDWR | O_CREAT | O_EXCL, 0600);
    } else {
        do {
            anon_name(w, k, anon, sizeof anon);
            *fd = shm_open(anon, O_RDWR | O_CREAT | O_EXCL, 0600);
        } while (*fd < 0 && errno == EEXIST);
        if (*fd >= 0) shm_unlink(anon);
    }
    if (*fd < 0) return errno;
    /* A new object is zero-filled: ftruncate extends with zeros. */
    int rc = ftruncate(*fd, (off_t)size) == 0 ? 0 : errno;
    if (rc == 0 && (*obj = object_new(w, k, PB_SHM, name, pname)) == NULL) rc = ENOMEM;
    if (rc != 0) {
        close(*fd);
        if (pname) shm_unlink(pname);
        return rc;
    }
    (*obj)->protect = req->protect;
    return 0;
}

/* Whether req's view of an object of protection `protect` is writable. */
static int view_writable(const pb_shm_request *req, uint32_t protect) {
    return req->force_write || (req->view_write && protect == PB_PAGE_READWRITE);
}

int pb_shm_get(pb_world *w, pb_process *p, pb_api api, int k, const char *name, const pb_shm_request *req,
               uint64_t *handle, uint64_t *location, int *created) {
    char *pname = NULL;
    pb_object *obj = NULL;
    int rc;
    if (name) {
        if ((rc = posix_name(w, k, name, PB_SHM_NAME_MAX, &pname)) != 0) return rc;
        obj = pb_ns_lookup(w, k, name);
        rc = obj && obj->kind != PB_SHM ? PB_EKIND : !obj && !req->may_create ? ENOENT : 0;
        if (rc != 0) {
            free(pname);
            return rc;
        }
    }

    int fd, fresh = obj == NULL;
    size_t size;
    if (fresh) {
        /* mmap cannot map 0 bytes, and the vendors reject a new object of size 0 */
        rc = req->size == 0 ? EINVAL : 0;
        size = (size_t)((req->size + w->page - 1) / w->page * w->page);
        if (rc == 0) rc = shm_create(w, k, name, pname, req, size, &fd, &obj);
        if (rc != 0) {
            free(pname);
            return rc;
        }
        pname = NULL; /* the object owns it */
    } else {
        free(pname);
        if (req->require_write && obj->protect != PB_PAGE_READWRITE) return EACCES;
        struct stat st;
        fd = shm_open(obj->posix_name, view_writable(req, obj->protect) ? O_RDWR : O_RDONLY, 0);
        if (fd < 0) return errno;
        if (fstat(fd, &st) != 0) {
            rc = errno;
            close(fd);
            return rc;
        }
        size = (size_t)st.st_size;
    }

    int writable = view_writable(req, obj->protect);
    pb_table *t = &p->tables[api];
    long slot = -1;
    void *va = MAP_FAILED;
    rc = views_reserve(p);
    if (rc == 0 && (slot = table_slot(t)) < 0) rc = ENOMEM;
    if (rc == 0) {
        va = mmap(NULL, size, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
        if (va == MAP_FAILED) rc = errno;
    }
    if (rc != 0) {
        close(fd);
        if (obj->handles == 0) object_destroy(w, obj);
        return rc;
    }
    t->slots[slot] = (pb_handle){obj, fd, NULL};
    obj->handles++;
    p->views[p->view_count++] = (pb_view){(uintptr_t)va, size, writable, api};
    *handle = (uint64_t)slot + 1;
    *location = (uint64_t)(uintptr_t)va;
    *created = fresh;
    return 0;
}

int pb_sync_get(pb_world *w, pb_process *p, pb_api api, int k, pb_kind kind, const char *name, unsigned initial,
                uint64_t *handle, int *existed) {
    char *pname = NULL;
    pb_object *obj = NULL;
    sem_t *sem = SEM_FAILED;
    int rc;
    if (name) {
        if ((rc = posix_name(w, k, name, PB_SEM_NAME_MAX, &pname)) != 0) return rc;
        obj = pb_ns_lookup(w, k, name);
        if (obj && obj->kind != kind) {
            free(pname);
            return PB_EKIND;
        }
    }
    pb_table *t = &p->tables[api];
    long slot = table_slot(t);
    if (slot < 0) {
        free(pname);
        return ENOMEM;
    }
    *existed = obj != NULL;
    if (obj) {
        free(pname);
        sem = sem_open(obj->posix_name, 0);
        if (sem == SEM_FAILED) return errno;
    } else if (pname) {
        sem = sem_open(pname, O_CREAT | O_EXCL, 0600, initial);
        if (sem == SEM_FAILED) {
            rc = errno;
            free(pname);
            return rc;
        }
        if ((obj = object_new(w, k, kind, name, pname)) == NULL) {
            sem_close(sem);
            sem_unlink(pname);
            free(pname);
            return ENOMEM;
        }
    } else {
        sem_t *anon = malloc(sizeof *anon);
        if (anon == NULL) return ENOMEM;
        if (sem_init(anon, 0, initial) != 0) {
            rc = errno;
            free(anon);
            return rc;
        }
        if ((obj = object_new(w, k, kind, NULL, NULL)) == NULL) {
            sem_destroy(anon);
            free(anon);
            return ENOMEM;
        }
        obj->anon_sem = sem = anon;
    }
    t->slots[slot] = (pb_handle){obj, -1, sem};
    obj->handles++;
    *handle = (uint64_t)slot + 1;
    return 0;
}

int pb_handle_close(pb_world *w, pb_process *p, pb_api api, uint64_t value) {
    pb_table *t = &p->tables[api];
    if (value == 0 || value > t->count || t->slots[value - 1].obj == NULL) return EBADF;
    pb_handle h = t->slots[value - 1];
    t->slots[value - 1] = (pb_handle){NULL, -1, NULL};
    if (h.fd >= 0) close(h.fd);
    if (h.sem && h.obj->posix_name) sem_close(h.sem);
    if (--h.obj->handles == 0) object_destroy(w, h.obj);
    return 0;
}

int pb_view_unmap(pb_process *p, pb_api api, uint64_t base) {
    for (size_t i = 0; i < p->view_count; i++) {
        pb_view *v = &p->views[i];
        if (v->api != api || v->base != base) continue;
        munmap((void *)v->base, v->len);
        memmove(v, v + 1, (p->view_count - i - 1) * sizeof *v);
        p->view_count--;
        return 0;
    }
    return EINVAL;
}

const pb_view *pb_view_find(const pb_process *p, uint64_t address, size_t len) {
    for (size_t i = 0; i < p->view_count; i++) {
        const pb_view *v = &p->views[i];
        if (address < v->base) continue;
        uint64_t off = address - v->base;
        if (off < v->len && len <= v->len - off) return v;
    }
    return NULL;
}

void pb_process_exit(pb_world *w, pb_process *p) {
    while (p->view_count > 0) {
        pb_view *v = &p->views[--p->view_count];
        munmap((void *)v->base, v->len);
    }
    for (int api = 0; api < PB_API_COUNT; api++)
        for (size_t i = 0; i < p->tables[api].count; i++)
            if (p->tables[api].slots[i].obj) pb_handle_close(w, p, (pb_api)api, (uint64_t)i + 1);
    for (size_t i = 0; i < p->instance_count; i++) p->instances[i].attached = 0;
    p->exited = 1;
}

void pb_objects_free(pb_world *w) {
    for (int k = 0; k < w->kernel_count; k++)
        while (w->kernels[k].objects) object_destroy(w, w->kernels[k].objects);
}
