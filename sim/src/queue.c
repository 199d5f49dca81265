/* sim/src/queue.c — binary heap with (vtime_us, seq) ordering. */
#include "sim/queue.h"

#include "sim/alloc.h"

#include <stdlib.h>

void sim_queue_init(sim_queue *q, size_t limit) {
    q->heap = NULL;
    q->count = q->capacity = 0;
    q->limit = limit;
    q->next_seq = 0;
}

void sim_queue_free(sim_queue *q) {
    sim_free(q->heap);
    sim_queue_init(q, q->limit);
}

static bool earlier(const sim_event *x, const sim_event *y) {
    return x->vtime_us < y->vtime_us || (x->vtime_us == y->vtime_us && x->seq < y->seq);
}

bool sim_queue_push(sim_queue *q, sim_event ev) {
    if (q->count >= q->limit) return false;
    if (q->count == q->capacity) {
        size_t cap = q->capacity ? q->capacity * 2 : 64;
        if (cap > q->limit) cap = q->limit;
        sim_event *heap = sim_realloc(q->heap, cap * sizeof *heap);
        if (heap == NULL) return false;
        q->heap = heap;
        q->capacity = cap;
    }
    ev.seq = q->next_seq++;
    size_t i = q->count++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!earlier(&ev, &q->heap[parent])) break;
        q->heap[i] = q->heap[parent];
        i = parent;
    }
    q->heap[i] = ev;
    return true;
}

bool sim_queue_pop(sim_queue *q, sim_event *out) {
    if (q->count == 0) return false;
    *out = q->heap[0];
    sim_event last = q->heap[--q->count];
    size_t i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= q->count) break;
        if (child + 1 < q->count && earlier(&q->heap[child + 1], &q->heap[child])) child++;
        if (!earlier(&q->heap[child], &last)) break;
        q->heap[i] = q->heap[child];
        i = child;
    }
    if (q->count > 0) q->heap[i] = last;
    return true;
}

const sim_event *sim_queue_peek(const sim_queue *q) {
    return q->count ? &q->heap[0] : NULL;
}
