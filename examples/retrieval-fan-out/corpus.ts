// Three small "sources" for the fan-out; each answers the same question from its own angle.
export const CORPUS: Record<string, readonly string[]> = {
  encyclopedia: [
    "Rayleigh scattering makes the sky blue: air molecules scatter short blue wavelengths of sunlight far more than red ones.",
    "Sunsets look red because sunlight crosses more air near the horizon, and the blue light is scattered away before it arrives.",
  ],
  textbook: [
    "Scattering intensity grows with the inverse fourth power of wavelength, so blue light scatters about five times more than red.",
    "The sky is not violet because sunlight has less violet, and our eyes are less sensitive to it.",
  ],
  forum: [
    "Why is the sky blue? Because the air scatters blue light from the sun in every direction, so blue comes at you from the whole sky.",
    "On Mars the daytime sky looks butterscotch because of fine dust, and its sunsets look blue.",
  ],
};
