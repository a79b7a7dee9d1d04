# Fcntl for trellis-perl: the constants of fcntl.h, sys/file.h and sys/stat.h as Debian perl 5.36's Fcntl
# gives them on x86_64 Linux (perldoc Fcntl), and the :mode functions S_ISDIR ... S_IMODE S_IFMT.
# EXPORT: O_RDONLY O_WRONLY O_RDWR O_CREAT O_EXCL O_NOCTTY O_TRUNC O_APPEND O_NONBLOCK O_NDELAY O_SYNC O_DIRECTORY O_NOFOLLOW F_DUPFD F_GETFD F_SETFD F_GETFL F_SETFL F_GETLK F_SETLK F_SETLKW FD_CLOEXEC F_RDLCK F_WRLCK F_UNLCK
# EXPORT_OK: LOCK_SH LOCK_EX LOCK_NB LOCK_UN SEEK_SET SEEK_CUR SEEK_END S_IFSOCK S_IFLNK S_IFREG S_IFBLK S_IFDIR S_IFCHR S_IFIFO S_IRWXU S_IRUSR S_IWUSR S_IXUSR S_IRWXG S_IRGRP S_IWGRP S_IXGRP S_IRWXO S_IROTH S_IWOTH S_IXOTH S_ISUID S_ISGID S_ISVTX S_IFMT S_IMODE S_ISREG S_ISDIR S_ISLNK S_ISSOCK S_ISBLK S_ISCHR S_ISFIFO
# TAG DEFAULT: O_RDONLY O_WRONLY O_RDWR O_CREAT O_EXCL O_NOCTTY O_TRUNC O_APPEND O_NONBLOCK O_NDELAY O_SYNC O_DIRECTORY O_NOFOLLOW F_DUPFD F_GETFD F_SETFD F_GETFL F_SETFL F_GETLK F_SETLK F_SETLKW FD_CLOEXEC F_RDLCK F_WRLCK F_UNLCK
# TAG flock: LOCK_SH LOCK_EX LOCK_NB LOCK_UN
# TAG seek: SEEK_SET SEEK_CUR SEEK_END
# TAG mode: S_IFSOCK S_IFLNK S_IFREG S_IFBLK S_IFDIR S_IFCHR S_IFIFO S_IRWXU S_IRUSR S_IWUSR S_IXUSR S_IRWXG S_IRGRP S_IWGRP S_IXGRP S_IRWXO S_IROTH S_IWOTH S_IXOTH S_ISUID S_ISGID S_ISVTX S_IFMT S_IMODE S_ISREG S_ISDIR S_ISLNK S_ISSOCK S_ISBLK S_ISCHR S_ISFIFO
package Fcntl;

sub O_RDONLY () { 0 }
sub O_WRONLY () { 1 }
sub O_RDWR () { 2 }
sub O_CREAT () { 64 }
sub O_EXCL () { 128 }
sub O_NOCTTY () { 256 }
sub O_TRUNC () { 512 }
sub O_APPEND () { 1024 }
sub O_NONBLOCK () { 2048 }
sub O_NDELAY () { 2048 }
sub O_SYNC () { 1052672 }
sub O_DIRECTORY () { 65536 }
sub O_NOFOLLOW () { 131072 }
sub F_DUPFD () { 0 }
sub F_GETFD () { 1 }
sub F_SETFD () { 2 }
sub F_GETFL () { 3 }
sub F_SETFL () { 4 }
sub F_GETLK () { 5 }
sub F_SETLK () { 6 }
sub F_SETLKW () { 7 }
sub FD_CLOEXEC () { 1 }
sub F_RDLCK () { 0 }
sub F_WRLCK () { 1 }
sub F_UNLCK () { 2 }
sub LOCK_SH () { 1 }
sub LOCK_EX () { 2 }
sub LOCK_NB () { 4 }
sub LOCK_UN () { 8 }
sub SEEK_SET () { 0 }
sub SEEK_CUR () { 1 }
sub SEEK_END () { 2 }
sub S_IFSOCK () { 49152 }
sub S_IFLNK () { 40960 }
sub S_IFREG () { 32768 }
sub S_IFBLK () { 24576 }
sub S_IFDIR () { 16384 }
sub S_IFCHR () { 8192 }
sub S_IFIFO () { 4096 }
sub S_IRWXU () { 448 }
sub S_IRUSR () { 256 }
sub S_IWUSR () { 128 }
sub S_IXUSR () { 64 }
sub S_IRWXG () { 56 }
sub S_IRGRP () { 32 }
sub S_IWGRP () { 16 }
sub S_IXGRP () { 8 }
sub S_IRWXO () { 7 }
sub S_IROTH () { 4 }
sub S_IWOTH () { 2 }
sub S_IXOTH () { 1 }
sub S_ISUID () { 2048 }
sub S_ISGID () { 1024 }
sub S_ISVTX () { 512 }

sub S_IFMT { return @_ ? $_[0] & 61440 : 61440 }
sub S_IMODE { return $_[0] & 4095 }
sub S_ISREG { return ($_[0] & 61440) == 32768 }
sub S_ISDIR { return ($_[0] & 61440) == 16384 }
sub S_ISLNK { return ($_[0] & 61440) == 40960 }
sub S_ISSOCK { return ($_[0] & 61440) == 49152 }
sub S_ISBLK { return ($_[0] & 61440) == 24576 }
sub S_ISCHR { return ($_[0] & 61440) == 8192 }
sub S_ISFIFO { return ($_[0] & 61440) == 4096 }

1;
