/* sim/queue.h — the discrete-event queue: a binary min-heap ordered by (vtime_us, seq).
 *
 * seq is a counter the queue assigns at push time, so events at equal virtual times pop in the order
 * they were pushed (the libuv timer rule). The queue is bounded: a push beyond `limit` entries fails
 * instead of growing without bound. Events are small values; the payload is the owner's business. */
#ifndef SIM_QUEUE_H
#define SIM_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sim_event {
    uint64_t vtime_us; /* when it fires, in virtual microseconds */
    uint64_t seq;      /* insertion sequence, assigned by sim_queue_push */
    int type;          /* owner-defined */
    int64_t a, b;      /* owner-defined payload */
} sim_event;

typedef struct sim_queue {
    sim_event *heap;
    size_t count;
    size_t capacity;
    size_t limit;      /* maximum number of queued events */
    uint64_t next_seq;
} sim_queue;

/* An empty queue that holds at most `limit` events. */
void sim_queue_init(sim_queue *q, size_t limit);
void sim_queue_free(sim_queue *q);

/* Queues ev (its seq is overwritten). Returns false when the queue is at its limit or memory runs out. */
bool sim_queue_push(sim_queue *q, sim_event ev);

/* Removes the earliest event into *out; false when empty. */
bool sim_queue_pop(sim_queue *q, sim_event *out);

/* The earliest event without removing it, or NULL. */
const sim_event *sim_queue_peek(const sim_queue *q);

#endif
