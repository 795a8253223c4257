// One valid message per kind (channel × type), and a 10-element Messenger template:
// the inputs of the validation / serialisation benchmark.
const later = () => new Date(Date.now() + 86_400_000).toISOString();

const element = (i) => ({
  title: `Product ${i}`,
  subtitle: `The ${i}th thing we sell, now on offer`,
  imageUrl: `https://cdn.example.com/products/${i}.png`,
  defaultAction: { url: `https://shop.example.com/p/${i}` },
  buttons: [
    { title: "View", url: `https://shop.example.com/p/${i}`, type: "web_url" },
    { title: "Buy", payload: `BUY_${i}`, type: "postback" },
  ],
});

export function kinds() {
  return {
    "whatsapp text": { channel: "whatsapp", type: "text", to: { phoneNumber: "+15551234567", name: "Ana" }, text: "Your order has shipped", locationId: "loc_1" },
    "whatsapp media": { channel: "whatsapp", type: "media", to: { contactId: "ct_1" }, mediaUrl: "https://cdn.example.com/invoice.pdf", mimeType: "application/pdf", locationId: "loc_1", scheduleAt: later() },
    "whatsapp template": {
      channel: "whatsapp", type: "template", to: { clientId: "cl_1" }, locationId: "loc_1",
      template: { name: "order_update", language: "en_US" },
      headerTextParameters: ["#1042"], bodyTextParameters: ["Ana", "tomorrow"], buttonUrlParameters: ["1042"],
    },
    "telegram text": { channel: "telegram", type: "text", to: { contactId: "ct_tg" }, text: "Your order has shipped", locationId: "loc_1" },
    "telegram media": { channel: "telegram", type: "media", to: { contactId: "ct_tg" }, mediaUrl: "https://cdn.example.com/a.png", mimeType: "image/png", locationId: "loc_1" },
    "telegram template": {
      channel: "telegram", type: "template", to: { contactId: "ct_tg" }, locationId: "loc_1", text: "Track your order",
      headerType: "IMAGE", mediaUrl: "https://cdn.example.com/a.png", mimeType: "image/png",
      buttons: [{ title: "Track", url: "https://shop.example.com/t/1042" }],
    },
    "instagram text": { channel: "instagram", type: "text", to: { contactId: "ct_ig" }, text: "Your order has shipped", locationId: "loc_1" },
    "instagram media": { channel: "instagram", type: "media", to: { contactId: "ct_ig" }, mediaUrl: "https://cdn.example.com/a.png", mimeType: "image/png", locationId: "loc_1" },
    "instagram template": { channel: "instagram", type: "template", to: { contactId: "ct_ig" }, locationId: "loc_1", elements: [element(1)] },
    "messenger text": { channel: "messenger", type: "text", to: { contactId: "ct_fb" }, text: "Your order has shipped", locationId: "loc_1" },
    "messenger media": { channel: "messenger", type: "media", to: { contactId: "ct_fb" }, mediaUrl: "https://cdn.example.com/a.png", mimeType: "image/png", locationId: "loc_1" },
    "messenger template": { channel: "messenger", type: "template", to: { contactId: "ct_fb" }, locationId: "loc_1", elements: [element(1)] },
  };
}

/** The Messenger generic template at its 10-element maximum. */
export function messengerTemplate10() {
  return { channel: "messenger", type: "template", to: { contactId: "ct_fb" }, locationId: "loc_1", elements: Array.from({ length: 10 }, (_, i) => element(i + 1)) };
}
