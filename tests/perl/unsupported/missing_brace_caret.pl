# expect: Missing right curly or square bracket
# (found by fuzz review: an unterminated ${^NAME once restarted the lexer at the top, forever)
print "never printed"; print ${^WARNING_BITS
