package Req::Dies;
die "Req::Dies refuses to load\n";
1;
