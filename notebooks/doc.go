// Package notebooks renders Markdown notebooks: prose, ```sql cells run
// against the warehouse, and ```chart directives that draw the result of the
// preceding sql cell. The output is one self-contained HTML file in the style
// of the report packs (package reports).
//
// A chart directive is a small key: value block:
//
//	```chart
//	type: bar          # bar, line, hbar or stacked
//	x: reason          # column for the categories
//	y: units, share    # one or more numeric columns
//	title: Returned units by reason
//	unit: units
//	```
//
// The Markdown supported is deliberately small: headings, paragraphs, lists,
// inline code, bold, italics and links; every character from the file is
// escaped.
package notebooks
