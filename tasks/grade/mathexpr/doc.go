// Package mathexpr reads the mathematics in model replies: a lexer for
// LaTeX, unicode and plain-text math (\frac, ‖q‖², β₁, x^T y, O(N d)), a
// parser to an expression tree (Node), and the canonical keys and constant
// folding the graders compare with. The bigo and expr graders of package
// grade build on it; it knows nothing about grading.
package mathexpr
