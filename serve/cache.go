package serve

import (
	"context"
	"sync"
	"sync/atomic"
)

// viewCache keeps explorer views of the last committed state. Every run
// bumps the data version (Server.dataChanged) and empties it, so readers
// never see a half-finished run and never wait behind one.
type viewCache struct {
	mu       sync.Mutex
	version  uint64
	views    map[ExplorerQuery]*ExplorerView
	inflight map[ExplorerQuery]*viewCall // one computation per view at a time
	misses   atomic.Int64                // views computed
}

type viewCall struct {
	done chan struct{}
	v    *ExplorerView
	err  error
}

const maxCachedViews = 2000

func (c *viewCache) get(version uint64, q ExplorerQuery) *ExplorerView {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil
	}
	return c.views[q]
}

func (c *viewCache) put(version uint64, q ExplorerQuery, v *ExplorerView) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.views == nil || len(c.views) >= maxCachedViews {
		c.version, c.views = version, map[ExplorerQuery]*ExplorerView{}
	}
	c.views[q] = v
}

// explore returns the view from the cache, else computes it with at most
// a few warehouse queries at once.
// Requests for a view being computed wait for that computation.
func (s *Server) explore(ctx context.Context, q ExplorerQuery) (*ExplorerView, error) {
	ver := s.version.Load()
	if v := s.cache.get(ver, q); v != nil {
		return v, nil
	}
	c := &s.cache
	c.mu.Lock()
	if call, ok := c.inflight[q]; ok {
		c.mu.Unlock()
		select {
		case <-call.done:
			return call.v, call.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if c.inflight == nil {
		c.inflight = map[ExplorerQuery]*viewCall{}
	}
	call := &viewCall{done: make(chan struct{})}
	c.inflight[q] = call
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.inflight, q)
		c.mu.Unlock()
		close(call.done)
	}()
	if call.err = s.acquire(ctx); call.err != nil {
		return nil, call.err
	}
	defer s.release()
	c.misses.Add(1)
	call.v, call.err = Explore(context.WithoutCancel(ctx), s.w, q)
	if call.err == nil {
		s.cache.put(ver, q, call.v)
	}
	return call.v, call.err
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
