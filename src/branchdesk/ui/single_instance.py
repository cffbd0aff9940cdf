"""One running BranchDesk per data folder; a second launch brings the first window forward.

Two instances on one database would each keep their own idea of the data, and the one that backs up
on close could overwrite the other's start-of-day backup. So:

- a `QLockFile` in the data folder (`branchdesk.lock`, or `demo.lock` for the demo database) says the
  folder is in use. Its stale time is 0 (a long-running instance never looks stale by age), and Qt
  treats the lock of a process that no longer runs on this computer as stale and takes it over, so a
  crash or power cut never blocks the next start;
- a `QLocalServer` named `branchdesk-<key>` receives "activate" from a second launch, which then
  exits 0 while the first raises its window;
- on Windows, named mutexes the installer can see: `BranchDesk` (any instance is running: give Inno
  Setup `AppMutex=BranchDesk`) and `BranchDesk-<key>` (this data folder is open). Elsewhere no-op.

`<key>` is the first 16 hex digits of the SHA-256 of the data folder's absolute path (lower-cased on
Windows, where paths ignore case), with `-demo` appended for the demo database.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from branchdesk.paths import DataPaths

log = logging.getLogger(__name__)

ACTIVATE = b"activate"
INSTALLER_MUTEX = "BranchDesk"
CONNECT_TIMEOUT_MS = 1500


def instance_key(paths: DataPaths) -> str:
    """A short, stable name for the data folder (and demo flag) that fits a socket or mutex name."""
    folder = os.path.abspath(paths.root)
    if sys.platform == "win32":
        folder = folder.lower()
    digest = hashlib.sha256(folder.encode("utf-8")).hexdigest()[:16]
    return f"{digest}-demo" if paths.demo else digest


def server_name(paths: DataPaths) -> str:
    return f"branchdesk-{instance_key(paths)}"


def mutex_name(paths: DataPaths) -> str:
    return f"BranchDesk-{instance_key(paths)}"


class _WindowsMutexes:
    """Named mutexes held for the life of the instance; the OS frees them when the process dies."""

    def __init__(self, names: list[str]) -> None:
        self._handles: list[int] = []
        if sys.platform != "win32":
            return
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        kernel32.CreateMutexW.restype = ctypes.c_void_p
        for name in names:
            handle = kernel32.CreateMutexW(None, False, name)
            if handle:
                self._handles.append(handle)
            else:
                log.warning("could not create mutex %s", name)

    def release(self) -> None:
        if sys.platform != "win32":
            return
        import ctypes

        for handle in self._handles:
            ctypes.windll.kernel32.CloseHandle(ctypes.c_void_p(handle))  # type: ignore[attr-defined]
        self._handles.clear()


class SingleInstance(QObject):
    """The lock, the activation server and the installer's mutexes for one data folder."""

    activate_requested = Signal()

    def __init__(self, paths: DataPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.name = server_name(paths)
        paths.root.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(paths.lock_file))
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None
        self._mutexes: _WindowsMutexes | None = None

    @property
    def lock_path(self) -> Path:
        return self.paths.lock_file

    def try_acquire(self) -> bool:
        """True when this process now owns the data folder (a dead owner's lock is taken over)."""
        if not self._lock.tryLock(0):
            error = self._lock.error()
            log.info("data folder lock %s not acquired (error %s)", self.lock_path, error)
            return False
        self._mutexes = _WindowsMutexes([INSTALLER_MUTEX, mutex_name(self.paths)])
        return True

    def holder(self) -> str:
        """Who holds the lock, for the message shown when the running one cannot be reached."""
        pid, hostname, appname = self._lock.getLockInfo()  # PySide6 returns no ok flag: pid 0 = unknown
        return f"{appname or '程序'}（进程 {pid}，电脑 {hostname}）" if pid else "未知程序"

    def start_server(self) -> bool:
        """Listen for a second launch; call once the QApplication exists and the lock is held."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)  # a crashed owner's socket file; we hold the lock
        if not server.listen(self.name):
            log.warning("single-instance server %s not started: %s", self.name, server.errorString())
            return False
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server
        return True

    def notify_running(self, timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
        """Ask the running instance to come to the front; False when it cannot be reached."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            log.info("running instance not reachable at %s: %s", self.name, socket.errorString())
            return False
        socket.write(QByteArray(ACTIVATE + b"\n"))
        sent = socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(timeout_ms)
        return sent

    def release(self) -> None:
        """Stop listening and unlock (also done by the OS when the process ends)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._mutexes is not None:
            self._mutexes.release()
            self._mutexes = None
        if self._lock.isLocked():
            self._lock.unlock()

    def _on_server_new_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_socket_ready_read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._on_socket_ready_read(socket)

    def _on_socket_ready_read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            line = bytes(socket.readLine().data()).strip()
            if line == ACTIVATE:
                log.info("another launch asked this window to come forward")
                self.activate_requested.emit()
