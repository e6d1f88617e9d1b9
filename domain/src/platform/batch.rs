//! Group commit (成批处理) for requests that arrive together: callers queue their item and wait;
//! one task at a time takes everything queued and handles it in one go (one transaction, one
//! query), then answers each caller. Batches grow with the load by themselves — items queue while
//! a batch runs — and a lone item is handled at once, so there is no delay to tune.
//!
//! Why: on this kind of machine a database round trip costs more in thread wake-ups than in
//! database work, so under load the number of round trips, not the work in them, sets the pace.
//! The bid desk ([`crate::service::selection`]) writes a batch of sealed bids in one transaction, and
//! [`crate::service::Services::authenticate`] resolves a batch of session tokens in one query.

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tokio::sync::oneshot;

/// A queue of items of type `T` answered with `R`. Shared (in an `Arc`) by the clones of the
/// services on one instance.
pub struct Batcher<T, R> {
    state: Mutex<State<T, R>>,
    /// The most items one batch takes (the rest wait for the next).
    max: usize,
    /// The most tasks taking batches at once.
    tasks: usize,
}

struct State<T, R> {
    queue: Vec<(T, oneshot::Sender<R>)>,
    /// Tasks taking batches (each takes batches until the queue is empty).
    running: usize,
}

impl<T, R> Batcher<T, R> {
    /// Batches of at most `max` items, taken by at most `tasks` tasks at once (one, when the
    /// batches must not overlap).
    pub fn new(max: usize, tasks: usize) -> Self {
        Self {
            state: Mutex::new(State {
                queue: Vec::new(),
                running: 0,
            }),
            max: max.max(1),
            tasks: tasks.max(1),
        }
    }

    fn state(&self) -> MutexGuard<'_, State<T, R>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<T: Send + 'static, R: Send + 'static> Batcher<T, R> {
    /// Queues `item` and waits for its answer. `handler` makes the batch handler, and is called
    /// only when this call starts a task (so its captures are not cloned for every item); the
    /// handler handles a batch and must answer every item, in order. Every caller must pass the
    /// same handling. `None` when the answer was lost (the task panicked).
    pub async fn submit<H, F, Fut>(self: &Arc<Self>, item: T, handler: H) -> Option<R>
    where
        H: FnOnce() -> F,
        F: Fn(Vec<T>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<R>> + Send,
    {
        let (answer, answered) = oneshot::channel();
        let start = {
            let mut state = self.state();
            state.queue.push((item, answer));
            let start = state.running < self.tasks;
            if start {
                state.running += 1;
            }
            start
        };
        if start {
            let me = Arc::clone(self);
            let run = handler();
            tokio::spawn(async move { me.drain(run).await });
        }
        answered.await.ok()
    }

    async fn drain<F, Fut>(&self, run: F)
    where
        F: Fn(Vec<T>) -> Fut,
        Fut: Future<Output = Vec<R>>,
    {
        let guard = Unfinished(self);
        loop {
            let (items, answers): (Vec<T>, Vec<oneshot::Sender<R>>) = {
                let mut state = self.state();
                if state.queue.is_empty() {
                    state.running -= 1;
                    break;
                }
                let n = state.queue.len().min(self.max);
                state.queue.drain(..n).unzip()
            };
            let expected = items.len();
            let results = run(items).await;
            debug_assert_eq!(results.len(), expected, "a batch must answer every item");
            for (answer, result) in answers.into_iter().zip(results) {
                // The caller may have gone (a closed connection); what was done stands.
                let _ = answer.send(result);
            }
        }
        std::mem::forget(guard);
    }
}

/// Armed while a task drains the queue. Should the task end without emptying it (a panic, or the
/// runtime shutting down), the next item starts a new task; if no other task runs, the items
/// left get `None` rather than waiting for ever.
struct Unfinished<'a, T, R>(&'a Batcher<T, R>);

impl<T, R> Drop for Unfinished<'_, T, R> {
    fn drop(&mut self) {
        let mut state = self.0.state();
        state.running -= 1;
        if state.running == 0 {
            state.queue.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn items_sent_together_are_handled_together_and_each_gets_its_own_answer() {
        let b: Arc<Batcher<u32, (u32, usize)>> = Arc::new(Batcher::new(100, 1));
        let run = |items: Vec<u32>| async move {
            let n = items.len();
            items.into_iter().map(|i| (i * 2, n)).collect::<Vec<_>>()
        };
        let calls: Vec<_> = (0..10u32).map(|i| b.submit(i, || run)).collect();
        let answers = futures::future::join_all(calls).await;
        for (i, a) in answers.into_iter().enumerate() {
            let (doubled, batch) = a.unwrap();
            assert_eq!(doubled, i as u32 * 2);
            // The first starts the task; the other nine were queued by then.
            assert!(batch == 1 || batch == 9 || batch == 10, "{batch}");
        }
        // Alone, an item is handled at once.
        assert_eq!(b.submit(7, || run).await, Some((14, 1)));
    }

    #[tokio::test]
    async fn a_batch_takes_at_most_max_items() {
        let b: Arc<Batcher<u32, usize>> = Arc::new(Batcher::new(3, 1));
        let run = |items: Vec<u32>| async move { vec![items.len(); items.len()] };
        let answers = futures::future::join_all((0..10u32).map(|i| b.submit(i, || run))).await;
        assert!(
            answers
                .iter()
                .all(|a| a.is_some_and(|n| (1..=3).contains(&n)))
        );
    }

    #[tokio::test]
    async fn a_panicking_batch_loses_its_answers_but_not_the_batcher() {
        let b: Arc<Batcher<u32, u32>> = Arc::new(Batcher::new(10, 1));
        let boom = |items: Vec<u32>| async move {
            if items.contains(&13) {
                panic!("planted");
            }
            items
        };
        assert_eq!(b.submit(13, || boom).await, None);
        assert_eq!(b.submit(1, || boom).await, Some(1), "a new task takes over");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn several_tasks_take_batches_at_once_and_every_item_is_answered() {
        let b: Arc<Batcher<u32, u32>> = Arc::new(Batcher::new(4, 3));
        let run = |items: Vec<u32>| async move {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            items.into_iter().map(|i| i + 1).collect::<Vec<_>>()
        };
        let calls = (0..200u32).map(|i| {
            let b = Arc::clone(&b);
            tokio::spawn(async move { (i, b.submit(i, || run).await) })
        });
        for call in futures::future::join_all(calls).await {
            let (i, answer) = call.unwrap();
            assert_eq!(answer, Some(i + 1));
        }
        // The tasks stop once they find the queue empty (just after their last answers).
        for _ in 0..100 {
            if b.state().running == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(b.state().running, 0, "every task stopped");
    }
}
