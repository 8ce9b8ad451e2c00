package serve

import "net/http"

func (s *Server) handleExplorer(w http.ResponseWriter, r *http.Request) {}
func (s *Server) apiExplorer(w http.ResponseWriter, r *http.Request)    {}
