package Req::DiesObj;
die { code => 42 };
1;
