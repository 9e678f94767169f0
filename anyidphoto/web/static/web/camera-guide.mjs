// Live guidance on the camera page: the engine's own face detector (MediaPipe's short-range
// model) run in the page by MediaPipe's Tasks Vision runtime, both served by this site. As
// the person moves, the page says whether the face is inside the oval, too close or too
// far, tilted or turned, and whether the light is too dark or uneven; the shutter opens
// only when all of these pass. Where the runtime cannot start, camera.js opens the shutter
// and the camera works without guidance.
const box = document.getElementById("camera");
const video = document.getElementById("camera-video");
const shoot = document.getElementById("camera-shoot");
const status = document.getElementById("camera-status");

// The guide's oval as shares of the video frame. The guide (viewBox 100 x 130, centre
// (50, 58), radii 25 and 34) is drawn over the whole video, scaled to its height and
// centred ("meet"), so its height shares are the frame's and its width share follows
// the frame's proportions (see ovalOf).
const OVAL = { x: 0.5, y: 58 / 130, ry: 34 / 130 };

function ovalOf(w, h) {
  return { ...OVAL, rx: (25 / 130) * (h / w) };
}
// The detector's face box (brows to chin) fills this share of the oval's height when
// the head (hair and chin) fits the oval as the document wants it.
const FILL = { min: 0.35, max: 0.7 };
// The box's centre may be this far from the oval's, in oval radii; the eye line may tilt
// this many degrees; the nose may sit this many eye distances off the eyes' middle; the
// face's mean light (0-255) must reach DARK, and its brighter half be at most UNEVEN times
// the darker.
const LIMITS = { off: 0.5, tilt: 6, turn: 0.2, dark: 60, uneven: 1.6 };

function say(key) {
  status.textContent = box.dataset["say" + key[0].toUpperCase() + key.slice(1)] || "";
  status.dataset.state = key;
}

const sample = document.createElement("canvas");
sample.width = 64;
sample.height = 48;
const context = sample.getContext("2d", { willReadFrequently: true });

function light(face) {
  context.drawImage(video, 0, 0, 64, 48);
  const w = video.videoWidth, h = video.videoHeight;
  const x0 = Math.max(0, Math.floor((face.originX / w) * 64));
  const x1 = Math.min(64, Math.ceil(((face.originX + face.width) / w) * 64));
  const y0 = Math.max(0, Math.floor((face.originY / h) * 48));
  const y1 = Math.min(48, Math.ceil(((face.originY + face.height) / h) * 48));
  if (x1 - x0 < 4 || y1 - y0 < 4) return null;
  const pixels = context.getImageData(x0, y0, x1 - x0, y1 - y0).data;
  const cols = x1 - x0, half = Math.floor(cols / 2);
  let left = 0, right = 0, nl = 0, nr = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const luma = 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
    if ((i / 4) % cols < half) { left += luma; nl += 1; } else { right += luma; nr += 1; }
  }
  left /= Math.max(nl, 1);
  right /= Math.max(nr, 1);
  return { mean: (left + right) / 2, ratio: Math.max(left, right) / Math.max(1, Math.min(left, right)) };
}

function judge(detections) {
  if (!detections.length) return "missing";
  const face = detections[0].boundingBox;
  const w = video.videoWidth, h = video.videoHeight;
  const cx = (face.originX + face.width / 2) / w, cy = (face.originY + face.height / 2) / h;
  const oval = ovalOf(w, h);
  const off = Math.hypot((cx - oval.x) / oval.rx, (cy - oval.y) / oval.ry);
  if (off > LIMITS.off) return "offCentre";
  // The light next: in a dim or lopsided light the face's points are unsure.
  const seen = light(face);
  if (seen && seen.mean < LIMITS.dark) return "dark";
  if (seen && seen.ratio > LIMITS.uneven) return "uneven";
  const fill = face.height / h / (2 * OVAL.ry);
  if (fill > FILL.max) return "close";
  if (fill < FILL.min) return "far";
  const points = detections[0].keypoints || [];
  if (points.length >= 3) {
    // MediaPipe's order: the person's right eye, left eye, nose tip (shares of the frame).
    const [right, left, nose] = points;
    const dx = (left.x - right.x) * w, dy = (left.y - right.y) * h;
    const tilt = (Math.atan2(dy, dx) * 180) / Math.PI;
    if (Math.abs(tilt) > LIMITS.tilt && Math.abs(Math.abs(tilt) - 180) > LIMITS.tilt) return "tilted";
    const eyes = Math.hypot(dx, dy) || 1;
    if (Math.abs((nose.x - (left.x + right.x) / 2) * w) / eyes > LIMITS.turn) return "turned";
  }
  return "ready";
}

async function start() {
  const { FilesetResolver, FaceDetector } = await import(box.dataset.guide + "vision_bundle.mjs");
  const files = await FilesetResolver.forVisionTasks(box.dataset.guide + "wasm");
  const detector = await FaceDetector.createFromOptions(files, {
    baseOptions: { modelAssetPath: box.dataset.model, delegate: "CPU" },
    runningMode: "VIDEO",
    minDetectionConfidence: 0.6,
  });
  box.dataset.guided = "1";
  say("missing");
  shoot.disabled = true;
  setInterval(() => {
    if (video.readyState < 2 || !video.videoWidth) return;
    const verdict = judge(detector.detectForVideo(video, performance.now()).detections);
    say(verdict);
    shoot.disabled = verdict !== "ready";
  }, 150);
}

if (box && box.dataset.guide) {
  start().catch((error) => {
    console.warn("camera guidance:", error && (error.message || error));
    if (!box.dataset.guided) {
      box.dataset.guided = "failed";
      if (video.srcObject) shoot.disabled = false;
    }
  });
}
