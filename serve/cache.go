package serve

import (
	"context"
	"sync"
	"sync/atomic"
)

// viewCache keeps explorer views of the last committed state. Every run
// bumps the data version (runHeld) and empties it, so readers
// never see a half-finished run and never wait behind one.
type viewCache[K comparable, V any] struct {
	mu       sync.Mutex
	version  uint64
	views    map[K]V
	inflight map[K]*viewCall[V] // one computation per view at a time
	misses   atomic.Int64       // views computed
}

type viewCall[V any] struct {
	done chan struct{}
	v    V
	err  error
}

const maxCachedViews = 2000

func (c *viewCache[K, V]) get(version uint64, q K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero V
	if c.version != version {
		return zero, false
	}
	v, ok := c.views[q]
	return v, ok
}

func (c *viewCache[K, V]) put(version uint64, q K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.views == nil || len(c.views) >= maxCachedViews {
		c.version, c.views = version, map[K]V{}
	}
	c.views[q] = v
}

// cachedView returns the view from the cache, else computes it with at most
// a few warehouse queries at once. Requests for a view being computed wait
// for that computation.
func cachedView[K comparable, V any](ctx context.Context, s *Server, c *viewCache[K, V], q K, compute func(context.Context) (V, error)) (V, error) {
	ver := s.version.Load()
	if v, ok := c.get(ver, q); ok {
		return v, nil
	}
	var zero V
	c.mu.Lock()
	if call, ok := c.inflight[q]; ok {
		c.mu.Unlock()
		select {
		case <-call.done:
			return call.v, call.err
		case <-ctx.Done():
			return zero, ctx.Err()
		}
	}
	if c.inflight == nil {
		c.inflight = map[K]*viewCall[V]{}
	}
	call := &viewCall[V]{done: make(chan struct{})}
	c.inflight[q] = call
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.inflight, q)
		c.mu.Unlock()
		close(call.done)
	}()
	if call.err = s.acquire(ctx); call.err != nil {
		return zero, call.err
	}
	defer s.release()
	c.misses.Add(1)
	call.v, call.err = compute(context.WithoutCancel(ctx))
	if call.err == nil {
		c.put(ver, q, call.v)
	}
	return call.v, call.err
}

// explore returns the operations explorer's view (cached).
func (s *Server) explore(ctx context.Context, q ExplorerQuery) (*ExplorerView, error) {
	return cachedView(ctx, s, &s.cache, q, func(ctx context.Context) (*ExplorerView, error) { return Explore(ctx, s.w, q) })
}

// explorePack returns a reasons, carbon or claims explorer view (cached).
func (s *Server) explorePack(ctx context.Context, q PackQuery) (*PackView, error) {
	return cachedView(ctx, s, &s.packCache, q, func(ctx context.Context) (*PackView, error) { return ExplorePack(ctx, s.w, q) })
}

// acquire takes one of the reader slots: queries beyond them wait their
// turn instead of all competing for the cores.
func (s *Server) acquire(ctx context.Context) error {
	select {
	case s.readers <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Server) release() { <-s.readers }
