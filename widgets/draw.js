// A square canvas the learner draws a digit on with the mouse, a pen or a finger.
// The ink (alpha channel, one byte per pixel, size x size) is sent to Python as
// `pixels` while drawing (at most every 150 ms) and when the stroke ends;
// Python preprocesses it like MNIST and predicts. Clear empties the canvas.

const SEND_EVERY_MS = 150;

function render({ model, el }) {
  const size = model.get("size");
  const root = document.createElement("div");
  root.className = "mnist-draw";
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  canvas.className = "mnist-draw-canvas";
  canvas.setAttribute("aria-label", "Draw a digit here");
  const clear = document.createElement("button");
  clear.className = "mnist-draw-clear jupyter-button";
  clear.textContent = "Clear";
  root.append(canvas, clear);
  el.append(root);

  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  let last = null;
  let timer = null;

  function send() {
    timer = null;
    const rgba = ctx.getImageData(0, 0, size, size).data;
    const ink = new Uint8Array(size * size);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[4 * i + 3];
    model.set("pixels", new DataView(ink.buffer));
    model.save_changes();
  }

  function sendSoon() {
    if (timer === null) timer = setTimeout(send, SEND_EVERY_MS);
  }

  function point(event) {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * size / box.width, (event.clientY - box.top) * size / box.height];
  }

  function line(from, to) {
    ctx.strokeStyle = "#000";
    ctx.lineWidth = model.get("stroke_width");
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(from[0], from[1]);
    ctx.lineTo(to[0], to[1]);
    ctx.stroke();
  }

  function down(event) {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    last = point(event);
    line(last, last);
    sendSoon();
  }

  function move(event) {
    if (last === null) return;
    event.preventDefault();
    const next = point(event);
    line(last, next);
    last = next;
    sendSoon();
  }

  function up() {
    if (last === null) return;
    last = null;
    if (timer !== null) clearTimeout(timer);
    send();
  }

  function wipe() {
    ctx.clearRect(0, 0, size, size);
    model.set("pixels", new DataView(new ArrayBuffer(0)));
    model.save_changes();
  }

  function onPixels() {
    const pixels = model.get("pixels");
    if (!pixels || pixels.byteLength === 0) ctx.clearRect(0, 0, size, size);
  }

  canvas.addEventListener("pointerdown", down);
  canvas.addEventListener("pointermove", move);
  canvas.addEventListener("pointerup", up);
  canvas.addEventListener("pointercancel", up);
  clear.addEventListener("click", wipe);
  model.on("change:pixels", onPixels);
  return () => {
    if (timer !== null) clearTimeout(timer);
    model.off("change:pixels", onPixels);
  };
}

export default { render };
