/** Choices the forms offer: the very lists the API's schemas are built from. */
export { CHANNELS, INDUSTRIES } from '../../shared/compliance/vocabulary';
export { TONES } from '../../shared/copy/tones';
