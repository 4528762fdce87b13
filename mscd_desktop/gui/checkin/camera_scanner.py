"""Webcam scanning: QtMultimedia camera frames decoded by zxing-cpp off the GUI thread.

At most one frame is being decoded at a time (newer frames are dropped meanwhile), so a
slow laptop never queues up seconds of video. The same code seen again within a few
seconds is reported once.
"""

from __future__ import annotations

import time

import numpy as np
import zxingcpp
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from mscd_desktop.gui.common.workers import run_task
from mscd_desktop.i18n import _

REPEAT_SECONDS = 3.0
FRAME_INTERVAL = 0.12


def image_to_gray(image: QImage) -> np.ndarray:
    """A grey copy of *image* as a 2-D uint8 array (safe to hand to another thread)."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    buffer = np.frombuffer(gray.constBits(), dtype=np.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, :width].copy()


def decode_gray(gray: np.ndarray) -> list[str]:
    """The texts of every QR code zxing-cpp finds in *gray*."""
    results = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in results if r.text]


class CameraScanner(QObject):
    """Feeds camera frames to zxing-cpp and emits ``code_found`` for each new code."""

    code_found = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self._last_frame = 0.0
        self._seen: dict[str, float] = {}
        self._camera = None
        self._session = None
        self._view = None

    @property
    def busy(self) -> bool:
        """Whether a frame is being decoded now."""
        return self._busy

    def feed_frame(self, image: QImage) -> bool:
        """Decode *image* off the GUI thread unless a frame is already in work."""
        if self._busy or image.isNull():
            return False
        self._busy = True
        gray = image_to_gray(image)
        run_task(
            lambda _progress, _cancelled: decode_gray(gray),
            on_done=self._on_decode_done,
            on_error=self._on_decode_failed,
        )
        return True

    def _on_video_frame_changed(self, frame) -> None:
        # converting a frame costs milliseconds: only when a decode can start, ~8 a second
        now = time.monotonic()
        if self._busy or now - self._last_frame < FRAME_INTERVAL:
            return
        self._last_frame = now
        self.feed_frame(frame.toImage())

    def _on_decode_done(self, texts: list[str]) -> None:
        self._busy = False
        now = time.monotonic()
        self._seen = {t: s for t, s in self._seen.items() if now - s < REPEAT_SECONDS}
        for text in texts:
            if text not in self._seen:
                self._seen[text] = now
                self.code_found.emit(text)

    def _on_decode_failed(self, error: BaseException) -> None:
        self._busy = False
        self.failed.emit(str(error))

    # the real camera -----------------------------------------------------------------------

    def start(self, holder: QWidget) -> bool:
        """Show the default camera in *holder* and scan its frames; False if there is none."""
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices
        from PySide6.QtMultimediaWidgets import QVideoWidget

        device = QMediaDevices.defaultVideoInput()
        if device.isNull():
            self.failed.emit(_("No camera was found. Plug one in, or use the scanner."))
            return False
        self._camera = QCamera(device, self)
        self._session = QMediaCaptureSession(self)
        self._session.setCamera(self._camera)
        if self._view is None:
            self._view = QVideoWidget(holder)
            layout = holder.layout() or QVBoxLayout(holder)
            layout.addWidget(self._view)
        self._session.setVideoOutput(self._view)
        self._view.videoSink().videoFrameChanged.connect(self._on_video_frame_changed)
        self._camera.errorOccurred.connect(lambda _e, text: self.failed.emit(text))
        self._camera.start()
        return True

    def stop(self) -> None:
        """Switch the camera off."""
        if self._camera is not None:
            self._camera.stop()
            self._camera = None
