/** Factor definitions the qualify tests share, as an ops person would write them in YAML. */

/** Company size in employee bands, the most common fit factor. */
export const size = {
  name: 'size',
  group: 'fit',
  field: 'employees',
  bands: [
    { max: 49, points: 2 },
    { min: 50, max: 199, points: 10 },
    { min: 200, max: 999, points: 16 },
    { min: 1000, points: 8 },
  ],
};

/** A technology list scored member by member. */
export const tech = {
  name: 'tech',
  group: 'fit',
  field: 'technologies',
  values: { salesforce: 4, hubspot: 4, gong: 3 },
};
