package serve

import "context"

func (s *Server) deliver(ctx context.Context, res RefreshResult) (int, error) { return 0, nil }
