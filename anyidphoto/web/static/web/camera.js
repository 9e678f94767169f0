// The device camera with an oval guide; the shot is uploaded like a chosen file.
(function () {
  const box = document.getElementById("camera");
  if (!box) return;
  const video = document.getElementById("camera-video");
  const shoot = document.getElementById("camera-shoot");
  const status = document.getElementById("camera-status");
  const form = document.getElementById("camera-form");

  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    status.textContent = box.dataset.noCamera;
    return;
  }
  navigator.mediaDevices
    .getUserMedia({ video: { facingMode: "user", width: { ideal: 1920 }, height: { ideal: 1440 } }, audio: false })
    .then((stream) => {
      video.srcObject = stream;
      if (!box.dataset.guide) {
        shoot.disabled = false;
        return;
      }
      // The guidance (camera-guide.mjs) opens the shutter when all is well; if it
      // never starts (an old browser, no WebAssembly), the camera works without it.
      setTimeout(() => {
        if (box.dataset.guided !== "1") shoot.disabled = false;
      }, 10000);
    })
    .catch((error) => {
      status.textContent = box.dataset.noCamera + " (" + error.name + ")";
    });

  shoot.addEventListener("click", () => {
    const canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d").drawImage(video, 0, 0);
    shoot.disabled = true;
    canvas.toBlob(
      (blob) => {
        const data = new FormData(form);
        data.append("file", blob, "camera.jpg");
        fetch(box.dataset.uploadUrl, { method: "POST", body: data, credentials: "same-origin" })
          .then((response) => {
            if (response.ok && response.redirected) {
              window.location.assign(response.url);
              return;
            }
            // Refused (too many uploads, session ended...): show the page's own message.
            return response.text().then((html) => {
              const page = new DOMParser().parseFromString(html, "text/html");
              const error = page.querySelector(".error");
              status.textContent = error ? error.textContent : box.dataset.failed;
              shoot.disabled = false;
            });
          })
          .catch(() => {
            status.textContent = box.dataset.failed;
            shoot.disabled = false;
          });
      },
      "image/jpeg",
      0.95
    );
  });
})();
