# expect: goto LABEL not supported by trellis-perl at goto_label.pl line 3.
print "never\n";
goto DONE;
