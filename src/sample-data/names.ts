import type { NameCluster } from './geography.js';

const w = (s: string): readonly string[] => s.split(' ');

/** First and last names per cluster; romanized so every name makes a plausible address. */
export const NAMES: Readonly<Record<NameCluster, { first: readonly string[]; last: readonly string[] }>> = {
  anglo: {
    first: w(
      'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph ' +
        'Jessica Thomas Sarah Chris Karen Daniel Lisa Matthew Nancy Anthony Emily Mark Ashley Steven Megan Andrew ' +
        'Rachel Joshua Laura Kevin Amanda Brian Hannah Ryan Olivia Jacob Emma Tyler Chloe Aidan Grace Liam Zoe',
    ),
    last: w(
      'Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson ' +
        'White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill ' +
        'Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook',
    ),
  },
  germanic: {
    first: w(
      'Lukas Leon Finn Jonas Paul Felix Maximilian Elias Noah Julian Anna Lena Lea Hannah Sophie Marie Laura Julia ' +
        'Katharina Johanna Sven Jan Tim Niklas Daan Sem Lotte Fenna Anke Jeroen',
    ),
    last: w(
      'Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf ' +
        'Schröder Neumann Braun Zimmermann Krüger Hartmann de-Jong Jansen de-Vries van-den-Berg Bakker Visser Smit',
    ),
  },
  romance: {
    first: w(
      'Louis Gabriel Jules Hugo Arthur Léa Chloé Manon Camille Inès Marco Luca Giulia Francesca Alessandro ' +
        'Matteo Sofia Chiara Antoine Élodie Mathieu Aurélie Lorenzo Martina',
    ),
    last: w(
      'Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel ' +
        'Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo',
    ),
  },
  nordic: {
    first: w(
      'Oscar William Lucas Elias Alice Maja Elsa Astrid Freja Ida Søren Mikkel Emil Karin Ingrid Nils Erik Linnea',
    ),
    last: w(
      'Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Jensen Nielsen Hansen Pedersen Lindqvist Berg',
    ),
  },
  hispanic: {
    first: w(
      'José Juan Luis Carlos Miguel Javier Alejandro Diego Sofía Valentina Camila Isabella Lucía María Gabriela ' +
        'Mariana Fernanda Pedro João Ana Beatriz Rafael Thiago Larissa Andrés',
    ),
    last: w(
      'García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz ' +
        'Silva Santos Oliveira Souza Costa Pereira Alves Ferreira Lima Castro Vargas Rojas',
    ),
  },
  'south-asian': {
    first: w(
      'Aarav Vivaan Aditya Arjun Rohan Priya Ananya Diya Isha Kavya Rahul Sanjay Neha Pooja Vikram Deepa Amit Sneha',
    ),
    last: w(
      'Sharma Verma Patel Gupta Singh Kumar Reddy Iyer Nair Rao Mehta Shah Joshi Das Banerjee Kapoor Menon Pillai',
    ),
  },
  'east-asian': {
    first: w(
      'Haruto Yuto Sota Yui Aoi Hina Kenji Akiko Wei Jing Li Ming Xin Yan Hao Mei Min-jun Seo-yeon Ji-ho ' +
        'Ha-eun Daniel Grace Kevin Michelle',
    ),
    last: w(
      'Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Wang Li Zhang Liu Chen Yang Huang Zhao Kim Lee Park Choi Tan Lim Ng Wong',
    ),
  },
  global: {
    first: w(
      'Adam Sara David Maya Omar Leila Jakub Zofia Piotr Noa Yosef Fatima Ahmed Tomasz Anna Daniel Mohammed Amira Lior Tamar',
    ),
    last: w(
      'Nowak Kowalski Wiśniewski Cohen Levi Mizrahi Khan Haddad Rahman Santos Reyes Cruz Bautista Ocampo Friedman Peretz',
    ),
  },
};

const slugs = new Map<string, string>();

/** Lower-case ASCII for addresses: diacritics removed, letters kept, `-` and spaces dropped (memoized). */
export function asciiSlug(text: string): string {
  let slug = slugs.get(text);
  if (slug === undefined) {
    slug = slugify(text);
    if (slugs.size > 10_000) slugs.clear();
    slugs.set(text, slug);
  }
  return slug;
}

function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** A name as people write it (the data's `de-Jong` becomes `de Jong`). */
export function displayName(name: string): string {
  return name.replace(/-/g, ' ');
}
