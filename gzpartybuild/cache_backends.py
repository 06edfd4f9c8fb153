"""A file cache that only ever reads a folder that is safely its own.

Django's file cache unpickles whatever it finds in its folder. A folder under a shared
temporary directory could have been created first by another local user, who could then
plant a pickle that runs code as the server's user. This backend checks the folder before
its first read or write in each process: it creates it 0700 when it is missing, and refuses
(ImproperlyConfigured) a folder that is a symlink, is not a directory, belongs to another
user, or that others may write to. A folder of its own that others may only read is
tightened to 0700.
"""

import os
import stat

from django.core.cache.backends.filebased import FileBasedCache
from django.core.exceptions import ImproperlyConfigured
from django.utils._os import safe_makedirs


class PrivateFileBasedCache(FileBasedCache):
    _folder_checked = False

    def _createdir(self):
        parent = os.path.dirname(self._dir)
        if parent:
            safe_makedirs(parent, mode=0o700, exist_ok=True)
        try:
            os.mkdir(self._dir, 0o700)
        except FileExistsError:
            pass
        self._check_folder()

    def _refuse(self, reason):
        raise ImproperlyConfigured(
            f"The cache folder {self._dir} {reason}; it is not used, since a cache file planted there "
            "could run code as this server's user. Remove it, or point DJANGO_CACHE_VERSIONS_DIR at a "
            "folder owned by this user with mode 0700."
        )

    def _check_folder(self):
        if self._folder_checked:
            return
        try:
            info = os.lstat(self._dir)
        except FileNotFoundError:
            self._createdir()
            return
        if stat.S_ISLNK(info.st_mode):
            self._refuse("is a symbolic link")
        if not stat.S_ISDIR(info.st_mode):
            self._refuse("is not a folder")
        if info.st_uid != os.geteuid():
            self._refuse(f"belongs to another user (uid {info.st_uid})")
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            self._refuse("may be written by other users")
        if stat.S_IMODE(info.st_mode) != 0o700:
            os.chmod(self._dir, 0o700)
        self._folder_checked = True

    def _key_to_file(self, key, version=None):
        self._check_folder()
        return super()._key_to_file(key, version)

    def _list_cache_files(self):
        self._check_folder()
        return super()._list_cache_files()
