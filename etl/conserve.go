package etl

// mergeByLine folds rejections of the same line into one quarantine row (a
// return both duplicated and of an unknown order is one rejected row, with
// both reasons), so read = inserted + updated + unchanged + quarantined holds
// for every combination of rejections. The order of first appearance is kept.
func mergeByLine(bad []badRow) []badRow {
	if len(bad) < 2 {
		return bad
	}
	at := make(map[int64]int, len(bad))
	out := bad[:0:0]
	for _, b := range bad {
		if i, ok := at[b.line]; ok {
			out[i].reason += "; also: " + b.reason
			continue
		}
		at[b.line] = len(out)
		out = append(out, b)
	}
	return out
}
